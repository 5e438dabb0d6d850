package odata

import "strings"

const selectOption = "$select"

// Field is a top-level property of the entity, which $select chooses.
type Field uint8

const (
	FieldID       Field = iota // id
	FieldTarget                // target
	FieldSource                // source
	FieldSourceID              // sourceId
)

const fieldEnd = FieldSourceID + 1

var fieldNames = [fieldEnd]string{
	FieldID:       "id",
	FieldTarget:   "target",
	FieldSource:   "source",
	FieldSourceID: "sourceId",
}

// String returns the field's name as the entity's JSON spells it.
func (f Field) String() string {
	if f >= fieldEnd {
		return "Field(?)"
	}
	return fieldNames[f]
}

var fieldList = strings.Join(fieldNames[:], ", ") + " or *"

// Selection is a parsed $select: a set of fields, one bit each, so that
// asking about a field costs a shift and a mask.
type Selection struct {
	bits uint8
}

const allFields = 1<<fieldEnd - 1

// SelectAll is the selection of every field, what no $select means.
func SelectAll() Selection { return Selection{bits: allFields} }

// Has tells whether f is selected.
func (s Selection) Has(f Field) bool { return f < fieldEnd && s.bits&(1<<f) != 0 }

// All tells whether every field is selected, by '*' or by name, so that
// the caller can skip projecting the entity.
func (s Selection) All() bool { return s.bits == allFields }

// ParseSelect parses the value of $select: one or more comma-separated
// names of the entity's top-level properties (id, target, source,
// sourceId, in any case), or '*' for all of them. A name given twice is
// selected once. Paths into target are refused: Graph selects whole
// properties only.
func ParseSelect(s string) (Selection, error) {
	lex := lexer{option: selectOption, src: s}
	var sel Selection
	for {
		tok, err := lex.next()
		if err != nil {
			return Selection{}, err
		}
		switch {
		case tok.kind == tokStar:
			sel.bits = allFields
		case tok.kind != tokWord:
			return Selection{}, errAt(selectOption, tok.pos, "expected a property name (%s), found %s", fieldList, lex.describe(tok))
		case strings.Contains(tok.text, "/"):
			return Selection{}, errAt(selectOption, tok.pos, "%s is a path; $select takes only top-level properties: %s", show(tok.text), fieldList)
		default:
			f, ok := lookupField(tok.text)
			if !ok {
				return Selection{}, errAt(selectOption, tok.pos, "property %s is not supported in $select; use one of: %s", show(tok.text), fieldList)
			}
			sel.bits |= 1 << f
		}
		last := tok
		if tok, err = lex.next(); err != nil {
			return Selection{}, err
		}
		switch tok.kind {
		case tokEOF:
			return sel, nil
		case tokComma:
			continue
		}
		return Selection{}, errAt(selectOption, tok.pos, "expected ',' or end of input after %s, found %s", lex.describe(last), lex.describe(tok))
	}
}

func lookupField(name string) (Field, bool) {
	for f := range fieldEnd {
		if strings.EqualFold(name, fieldNames[f]) {
			return f, true
		}
	}
	return 0, false
}
