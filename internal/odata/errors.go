package odata

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SyntaxError is the error of every parser in the package: the value of a
// query option that is malformed, or well-formed OData outside the subset
// the package supports.
type SyntaxError struct {
	Option string // "$filter", "$orderby" or "$select"
	Pos    int    // 1-based byte offset into the value; len(value)+1 is the end of the input
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s: syntax error at position %d: %s", e.Option, e.Pos, e.Msg)
}

// errAt builds a SyntaxError at the 0-based offset off, the form in which
// the lexer and the parsers track positions.
func errAt(option string, off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Option: option, Pos: off + 1, Msg: fmt.Sprintf(format, args...)}
}

// maxShown bounds how much of the caller's text one message quotes, so
// that a huge token cannot make a huge error.
const maxShown = 40

// show quotes text from the query for a message: in single quotes, cut
// short at maxShown bytes, with control characters and invalid UTF-8
// escaped, since the message may end up in a log line or a JSON body.
func show(s string) string {
	return "'" + clip(s) + "'"
}

func clip(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if i >= maxShown {
			b.WriteString("...")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unicode.IsPrint(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
