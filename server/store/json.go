package store

import (
	"context"

	"github.com/go-json-experiment/json/jsontext"
)

// An assignment's JSON is written here, not by encoding/json: a list page
// holds up to 999 assignments, and the generated types reflect over every
// field and scan every target's raw JSON again to compact it. The store
// writes a page straight from what it holds (PageAppender), and the
// server's handlers write single assignments with the same View, so there
// is one encoding. The server's tests hold it to the generated types'.

// View is an assignment's properties as they are written, in canonical
// form; a string that is absent is nil. It points into what it was made
// from and is used at once.
type View struct {
	odataType, id, source, sourceID *string
	// target is the target's JSON as held: it was validated against the
	// spec on the way in (or, for a store fed directly, decoded by
	// encoding/json), so it is one JSON value.
	target []byte
}

// ViewOf views a's properties for writing, in their canonical form (see
// Canonical).
func ViewOf(a *Assignment) View {
	c := Canonical(*a)
	j := View{id: c.Id, sourceID: c.SourceId, odataType: (*string)(c.OdataType), source: (*string)(c.Source)}
	j.target, _ = c.Target.MarshalJSON()
	return j
}

// Fields is the properties written, as a $select keeps them; zero writes
// them all, the @odata.type included, which a $select leaves out as Graph
// does.
type Fields uint8

// The properties of an assignment that a $select names.
const (
	FieldID Fields = 1 << iota
	FieldTarget
	FieldSource
	FieldSourceID
)

// Has reports whether p is written.
func (s Fields) Has(p Fields) bool { return s == 0 || s&p != 0 }

// AppendTo appends the assignment's JSON with the generated struct's
// members, order and omissions: @odata.context first when context is
// not empty, then the properties sel keeps.
func (j *View) AppendTo(buf []byte, context string, sel Fields) []byte {
	buf = append(buf, '{')
	if context != "" {
		buf = append(buf, `"@odata.context":`...)
		buf = append(AppendString(buf, context), ',')
	}
	if sel == 0 {
		buf = appendMember(buf, `"@odata.type":`, j.odataType)
	}
	if sel.Has(FieldID) {
		buf = appendMember(buf, `"id":`, j.id)
	}
	if sel.Has(FieldSource) {
		buf = appendMember(buf, `"source":`, j.source)
	}
	if sel.Has(FieldSourceID) {
		buf = appendMember(buf, `"sourceId":`, j.sourceID)
	}
	// A zero target (only a store fed directly can hold one) is left out,
	// as the generated struct's omitzero leaves it out.
	if sel.Has(FieldTarget) && len(j.target) != 0 && string(j.target) != "null" {
		buf = append(buf, `"target":`...)
		buf = append(append(buf, j.target...), ',')
	}
	if buf[len(buf)-1] == ',' {
		buf = buf[:len(buf)-1]
	}
	return append(buf, '}')
}

// appendMember appends name and value and a comma, or nothing for nil.
func appendMember(buf []byte, name string, value *string) []byte {
	if value == nil {
		return buf
	}
	buf = append(buf, name...)
	return append(AppendString(buf, *value), ',')
}

// AppendString appends s as a JSON string. The values written are strings
// that arrived as valid UTF-8; AppendQuote would write U+FFFD for anything
// else, which keeps the output valid JSON all the same.
func AppendString(buf []byte, s string) []byte {
	buf, _ = jsontext.AppendQuote(buf, s)
	return buf
}

// PageAppender is a Store that writes a page of a list straight into the
// response, comma-separated, instead of copying each assignment out first:
// the list handler uses it when the store has it.
type PageAppender interface {
	// AppendPage appends the JSON of at most top assignments after skip,
	// with the properties sel keeps, and returns how many it appended and
	// how many the configuration has.
	AppendPage(ctx context.Context, configID string, skip, top int, sel Fields, buf []byte) (_ []byte, n, total int, err error)
}

// AppendAll writes the JSON of page, comma-separated, with the properties
// sel keeps: a list page of a Store that is not a PageAppender.
func AppendAll(buf []byte, page []Assignment, sel Fields) []byte {
	for i := range page {
		if i > 0 {
			buf = append(buf, ',')
		}
		j := ViewOf(&page[i])
		buf = j.AppendTo(buf, "", sel)
	}
	return buf
}
