package odata

import (
	"fmt"
	"strings"
)

// maxDepth bounds the nesting of parentheses and 'not' in a $filter, so
// that neither the parser nor Match recurses without limit.
const maxDepth = 100

const filterOption = "$filter"

// supportedOps ends the message for valid OData the package does not
// support.
const supportedOps = "use eq, ne, in, and, or, not or isof"

// unsupportedOps are OData's other binary operators, which get a message
// saying so rather than a bare syntax error.
var unsupportedOps = []string{"gt", "ge", "lt", "le", "has", "add", "sub", "mul", "div", "divby", "mod"}

// ParseFilter parses the value of $filter. The grammar, with keywords in
// any case and precedence not > and > or:
//
//	expr       = and ("or" and)*
//	and        = unary ("and" unary)*
//	unary      = "not" unary | "(" expr ")" | isof | comparison
//	isof       = "isof" "(" "target" "," type ")"
//	comparison = property ("eq" | "ne") literal
//	           | literal ("eq" | "ne") property
//	           | property "in" "(" literal ("," literal)* ")"
//	literal    = 'string' | "null"
//
// where type is a type name, quoted (with or without a leading '#') or
// bare. isof is true for the named type and the types derived from it;
// target/@odata.type eq 'T' compares the type's name and so is true for T
// alone. A literal compared with an enum-valued property (source, the
// filter type) must be one of its values, and one compared with
// target/@odata.type a known type.
func ParseFilter(s string) (*Filter, error) {
	p := filterParser{lex: lexer{option: filterOption, src: s}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	root, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tokRParen {
		return nil, p.errHere("')' has no matching '('")
	}
	if p.tok.kind != tokEOF {
		return nil, p.expected("'and', 'or' or end of input")
	}
	return &Filter{root: root}, nil
}

type filterParser struct {
	lex  lexer
	tok  token // the current token
	prev token // the token before it, for "after ..." in messages
}

func (p *filterParser) advance() *SyntaxError {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.prev, p.tok = p.tok, t
	return nil
}

func (p *filterParser) errHere(format string, args ...any) *SyntaxError {
	return errAt(filterOption, p.tok.pos, format, args...)
}

// expected reports that the current token is not what the grammar allows
// there, unless it is an operator OData has and the package does not
// support, which deserves the plainer message.
func (p *filterParser) expected(what string) *SyntaxError {
	if err := p.unsupportedOp(); err != nil {
		return err
	}
	return p.errHere("expected %s, found %s", what, p.lex.describe(p.tok))
}

// expectedAfter is expected, naming the token the wanted one should follow.
func (p *filterParser) expectedAfter(what string) *SyntaxError {
	if err := p.unsupportedOp(); err != nil {
		return err
	}
	return p.errHere("expected %s after %s, found %s", what, p.lex.describe(p.prev), p.lex.describe(p.tok))
}

func (p *filterParser) unsupportedOp() *SyntaxError {
	if p.tok.kind != tokWord {
		return nil
	}
	for _, op := range unsupportedOps {
		if strings.EqualFold(p.tok.text, op) {
			return p.errHere("operator %s is not supported; %s", show(p.tok.text), supportedOps)
		}
	}
	return nil
}

func (p *filterParser) isKeyword(k string) bool {
	return p.tok.kind == tokWord && strings.EqualFold(p.tok.text, k)
}

func (p *filterParser) or(depth int) (*node, *SyntaxError) {
	return p.chain(depth, "or", nodeOr, p.and)
}

func (p *filterParser) and(depth int) (*node, *SyntaxError) {
	return p.chain(depth, "and", nodeAnd, p.unary)
}

// chain parses operands joined by the keyword into one node of kind.
func (p *filterParser) chain(depth int, keyword string, kind nodeKind, operand func(int) (*node, *SyntaxError)) (*node, *SyntaxError) {
	first, err := operand(depth)
	if err != nil {
		return nil, err
	}
	if !p.isKeyword(keyword) {
		return first, nil
	}
	n := &node{kind: kind, kids: []*node{first}}
	for p.isKeyword(keyword) {
		if err := p.advance(); err != nil {
			return nil, err
		}
		k, err := operand(depth)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

// nest checks the nesting limit before the parser goes one level deeper.
func (p *filterParser) nest(depth int) *SyntaxError {
	if depth >= maxDepth {
		return p.errHere("the expression is nested more than %d levels deep", maxDepth)
	}
	return nil
}

func (p *filterParser) unary(depth int) (*node, *SyntaxError) {
	if p.isKeyword("not") {
		if err := p.nest(depth); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		k, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeNot, kids: []*node{k}}, nil
	}
	switch p.tok.kind {
	case tokLParen:
		if err := p.nest(depth); err != nil {
			return nil, err
		}
		open := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.expected(fmt.Sprintf("')' to close the '(' at position %d", open+1))
		}
		return n, p.advance()
	case tokWord:
		if p.lex.peekByte() == '(' {
			return p.function()
		}
		if p.isKeyword("isof") {
			if err := p.advance(); err != nil {
				return nil, err
			}
			return nil, p.expectedAfter("'('")
		}
		return p.comparison()
	case tokString:
		return p.comparison()
	}
	return nil, p.expectedAfterOrAtStart("an expression")
}

// expectedAfterOrAtStart is expectedAfter, or expected when nothing
// precedes the current token.
func (p *filterParser) expectedAfterOrAtStart(what string) *SyntaxError {
	if p.prev == (token{}) {
		return p.expected(what)
	}
	return p.expectedAfter(what)
}

// function parses a name followed by '(': isof, or one of the functions
// and lambda operators the package refuses by name.
func (p *filterParser) function() (*node, *SyntaxError) {
	name := p.tok.text
	if strings.EqualFold(name, "isof") {
		return p.isof()
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		if op := name[i+1:]; strings.EqualFold(op, "any") || strings.EqualFold(op, "all") {
			return nil, errAt(filterOption, p.tok.pos+i+1, "lambda operator %s is not supported; %s", show(op), supportedOps)
		}
	}
	return nil, p.errHere("function %s is not supported; %s", show(name), supportedOps)
}

const isofForm = "isof(target, 'microsoft.graph.groupAssignmentTarget')"

func (p *filterParser) isof() (*node, *SyntaxError) {
	// The current token is isof and the next one '('.
	for range 2 {
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	switch {
	case p.tok.kind == tokString || p.tok.kind == tokWord && strings.Contains(p.tok.text, "."):
		return nil, p.errHere("isof takes the target and a type, as in %s", isofForm)
	case p.tok.kind != tokWord:
		return nil, p.expectedAfter("target")
	case !strings.EqualFold(p.tok.text, "target"):
		return nil, p.errHere("the first argument of isof must be target, as in %s; found %s", isofForm, p.lex.describe(p.tok))
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokComma {
		return nil, p.expectedAfter("','")
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokString && p.tok.kind != tokWord {
		return nil, p.expectedAfter("a type name such as 'microsoft.graph.groupAssignmentTarget'")
	}
	typ, ok := lookupTargetType(p.tok.text)
	if !ok {
		return nil, unknownTargetType(filterOption, p.tok.pos, p.tok.text)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, p.expectedAfter("')' to close isof")
	}
	return &node{kind: nodeIsOf, typ: typ}, p.advance()
}

// operand is one side of a comparison: a property or a literal.
type operand struct {
	isProp bool
	prop   Property
	lit    literal
	pos    int
}

// literalOperand reads the current token as a literal, if it is one.
func (p *filterParser) literalOperand() (operand, bool) {
	switch {
	case p.tok.kind == tokString:
		return operand{lit: literal{s: p.tok.text}, pos: p.tok.pos}, true
	case p.isKeyword("null"):
		return operand{lit: literal{null: true}, pos: p.tok.pos}, true
	}
	return operand{}, false
}

// propertyOperand reads the current token as a property; a word that
// names none is an error, as is a literal of a type the package does not
// support.
func (p *filterParser) propertyOperand(what string) (operand, *SyntaxError) {
	if p.tok.kind != tokWord {
		return operand{}, p.expectedAfterOrAtStart(what)
	}
	if prop, ok := lookupProperty(p.tok.text); ok {
		return operand{isProp: true, prop: prop, pos: p.tok.pos}, nil
	}
	if isKeywordWord(p.tok.text) {
		return operand{}, p.expectedAfterOrAtStart(what)
	}
	if isOtherLiteral(p.tok.text) {
		return operand{}, p.errHere("literal %s is not supported; compare with a quoted string or null", show(p.tok.text))
	}
	return operand{}, unsupportedProperty(filterOption, p.tok.pos, p.tok.text)
}

// isKeywordWord tells the words the grammar reserves, which are reported
// as misplaced rather than as unknown properties.
func isKeywordWord(w string) bool {
	for _, k := range []string{"and", "or", "not", "eq", "ne", "in", "isof"} {
		if strings.EqualFold(w, k) {
			return true
		}
	}
	for _, k := range unsupportedOps {
		if strings.EqualFold(w, k) {
			return true
		}
	}
	return false
}

// isOtherLiteral tells the words that are OData literals of types other
// than string: numbers, booleans and the like.
func isOtherLiteral(w string) bool {
	c := w[0]
	return '0' <= c && c <= '9' || strings.EqualFold(w, "true") || strings.EqualFold(w, "false") ||
		w == "INF" || w == "NaN"
}

func (p *filterParser) comparison() (*node, *SyntaxError) {
	left, ok := p.literalOperand()
	if !ok {
		var err *SyntaxError
		if left, err = p.propertyOperand("an expression"); err != nil {
			return nil, err
		}
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	switch {
	case p.isKeyword("eq"), p.isKeyword("ne"):
		return p.equality(left)
	case p.isKeyword("in"):
		if !left.isProp {
			return nil, p.errHere("'in' needs a property on its left, as in id in ('a','b')")
		}
		return p.in(left.prop)
	}
	return nil, p.expectedAfter("eq, ne or in")
}

func (p *filterParser) equality(left operand) (*node, *SyntaxError) {
	neg := p.isKeyword("ne")
	if err := p.advance(); err != nil {
		return nil, err
	}
	var prop, lit operand
	if left.isProp {
		prop = left
		r, ok := p.literalOperand()
		if !ok {
			if p.tok.kind == tokWord {
				if _, isProp := lookupProperty(p.tok.text); isProp {
					return nil, p.errHere("comparing two properties is not supported; compare %s with a quoted string or null", prop.prop)
				}
			}
			return nil, p.expectedAfter("a quoted string or null")
		}
		lit = r
	} else {
		lit = left
		if _, isLit := p.literalOperand(); isLit {
			return nil, p.errHere("one side of %s must be a property", show(p.prev.text))
		}
		r, err := p.propertyOperand("a property")
		if err != nil {
			return nil, err
		}
		prop = r
	}
	l, err := checkLiteral(prop.prop, lit)
	if err != nil {
		return nil, err
	}
	return &node{kind: nodeEq, neg: neg, prop: prop.prop, lits: []literal{l}}, p.advance()
}

func (p *filterParser) in(prop Property) (*node, *SyntaxError) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokLParen {
		return nil, p.expectedAfter("'(' to open the list")
	}
	n := &node{kind: nodeIn, prop: prop}
	for {
		if err := p.advance(); err != nil {
			return nil, err
		}
		op, ok := p.literalOperand()
		if !ok {
			return nil, p.expectedAfter("a quoted string or null")
		}
		l, err := checkLiteral(prop, op)
		if err != nil {
			return nil, err
		}
		n.lits = append(n.lits, l)
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tokComma:
			continue
		case tokRParen:
			return n, p.advance()
		}
		return nil, p.expectedAfter("',' or ')'")
	}
}

// checkLiteral checks a literal against the property it is compared with,
// and puts a type name in the form value gives target/@odata.type.
func checkLiteral(prop Property, op operand) (literal, *SyntaxError) {
	l := op.lit
	if l.null {
		return l, nil
	}
	if prop == PropTargetType {
		i, ok := lookupTargetType(l.s)
		if !ok {
			return l, unknownTargetType(filterOption, op.pos, l.s)
		}
		l.s = targetTypes[i].name
		return l, nil
	}
	if allowed := enumValues[prop]; allowed != nil {
		for _, v := range allowed {
			if l.s == v {
				return l, nil
			}
		}
		return l, errAt(filterOption, op.pos, "%s is not a value of %s; use one of: '%s'", show(l.s), prop, strings.Join(allowed, "', '"))
	}
	return l, nil
}
