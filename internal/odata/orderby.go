package odata

import "strings"

const orderByOption = "$orderby"

// OrderTerm is one term of $orderby: a property and its direction.
type OrderTerm struct {
	Prop Property
	Desc bool
}

// ParseOrderBy parses the value of $orderby: one or more comma-separated
// terms, each a property (any that $filter accepts) optionally followed by
// asc or desc. A property may appear only once, since a second term on it
// could never decide anything.
func ParseOrderBy(s string) ([]OrderTerm, error) {
	lex := lexer{option: orderByOption, src: s}
	var terms []OrderTerm
	for {
		tok, err := lex.next()
		if err != nil {
			return nil, err
		}
		if tok.kind != tokWord {
			what := "a property name"
			if len(terms) > 0 {
				what += " after ','"
			}
			return nil, errAt(orderByOption, tok.pos, "expected %s, found %s", what, lex.describe(tok))
		}
		if lex.peekByte() == '(' {
			return nil, errAt(orderByOption, tok.pos, "function %s is not supported in $orderby; order by a property", show(tok.text))
		}
		prop, ok := lookupProperty(tok.text)
		if !ok {
			return nil, unsupportedProperty(orderByOption, tok.pos, tok.text)
		}
		for _, t := range terms {
			if t.Prop == prop {
				return nil, errAt(orderByOption, tok.pos, "%s appears more than once", prop)
			}
		}
		term := OrderTerm{Prop: prop}
		term0, last := tok.pos, tok
		if tok, err = lex.next(); err != nil {
			return nil, err
		}
		if tok.kind == tokWord && (strings.EqualFold(tok.text, "asc") || strings.EqualFold(tok.text, "desc")) {
			term.Desc = strings.EqualFold(tok.text, "desc")
			last = tok
			if tok, err = lex.next(); err != nil {
				return nil, err
			}
		}
		terms = append(terms, term)
		switch tok.kind {
		case tokEOF:
			return terms, nil
		case tokComma:
			continue
		}
		want := "',' or end of input"
		if last.pos == term0 {
			want = "asc, desc, " + want
		}
		return nil, errAt(orderByOption, tok.pos, "expected %s after %s, found %s", want, lex.describe(last), lex.describe(tok))
	}
}

// Compare orders a and b by the terms, as $orderby does: strings by
// ordinal, null before every value in ascending order and after it in
// descending order. A GUID-shaped string is compared as if lowercased, so
// GUIDs order without regard to case. Compare returns 0 when the terms do
// not tell a and b apart, leaving ties to the caller, e.g. to creation
// order. It does not allocate.
func Compare(a, b Entity, terms []OrderTerm) int {
	for _, t := range terms {
		av, aset := value(a, t.Prop)
		bv, bset := value(b, t.Prop)
		var c int
		switch {
		case !aset && !bset:
		case !aset:
			c = -1
		case !bset:
			c = 1
		default:
			c = compareValues(av, bv)
		}
		if t.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}
