package odata

import (
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokWord           // a keyword, a property path, a type name or a bare number
	tokString         // a single-quoted string
	tokLParen
	tokRParen
	tokComma
	tokStar
)

type token struct {
	kind tokKind
	pos  int    // 0-based byte offset of the token's first byte
	end  int    // 0-based byte offset just past the token
	text string // a word as written; a string's value with '' unescaped
}

// lexer splits a query option's value into tokens, one at a time, so
// that a parser reports the leftmost error whether it is a bad token or a
// misplaced good one.
type lexer struct {
	option string
	src    string
	off    int
}

// isWordByte tells which bytes make up words. Paths are single words, so
// '/' and '@' are among them, as '.' is for qualified names; '$' lets a
// word such as $it be reported as the unsupported name it is.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == '/' || c == '@' || c == '$'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func (l *lexer) skipSpace() {
	for l.off < len(l.src) && isSpace(l.src[l.off]) {
		l.off++
	}
}

// peekByte is the first byte of the next token, 0 at the end of the
// input. It tells a function name, followed by '(', from a property.
func (l *lexer) peekByte() byte {
	l.skipSpace()
	if l.off == len(l.src) {
		return 0
	}
	return l.src[l.off]
}

func (l *lexer) next() (token, *SyntaxError) {
	l.skipSpace()
	start := l.off
	if start == len(l.src) {
		return token{kind: tokEOF, pos: start, end: start}, nil
	}
	single := func(k tokKind) (token, *SyntaxError) {
		l.off++
		return token{kind: k, pos: start, end: l.off, text: l.src[start:l.off]}, nil
	}
	c := l.src[start]
	switch {
	case c == '(':
		return single(tokLParen)
	case c == ')':
		return single(tokRParen)
	case c == ',':
		return single(tokComma)
	case c == '*':
		return single(tokStar)
	case c == '\'':
		return l.str()
	case isWordByte(c):
		for l.off < len(l.src) && isWordByte(l.src[l.off]) {
			l.off++
		}
		return token{kind: tokWord, pos: start, end: l.off, text: l.src[start:l.off]}, nil
	case c == '"':
		return token{}, errAt(l.option, start, `unexpected character '"'; strings are enclosed in single quotes`)
	}
	r, size := utf8.DecodeRuneInString(l.src[start:])
	if r == utf8.RuneError && size == 1 {
		return token{}, errAt(l.option, start, "unexpected byte %s (not UTF-8)", show(l.src[start:start+1]))
	}
	return token{}, errAt(l.option, start, "unexpected character %s", show(l.src[start:start+size]))
}

// str reads a string literal, in which a doubled quote stands for one. The value
// shares the input's memory unless it has to be unescaped.
func (l *lexer) str() (token, *SyntaxError) {
	start := l.off
	escaped := false
	for i := start + 1; i < len(l.src); i++ {
		if l.src[i] != '\'' {
			continue
		}
		if i+1 < len(l.src) && l.src[i+1] == '\'' {
			escaped = true
			i++
			continue
		}
		l.off = i + 1
		v := l.src[start+1 : i]
		if escaped {
			v = strings.ReplaceAll(v, "''", "'")
		}
		return token{kind: tokString, pos: start, end: l.off, text: v}, nil
	}
	return token{}, errAt(l.option, start, "unterminated string: the quote at position %d is never closed", start+1)
}

// describe names a token for an "expected ..., found ..." message.
func (l *lexer) describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + show(l.src[t.pos+1:t.end-1])
	}
	return show(t.text)
}
