package odata

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fields lists the fields sel has, in Field order.
func fields(sel Selection) []Field {
	fs := []Field{}
	for f := range fieldEnd {
		if sel.Has(f) {
			fs = append(fs, f)
		}
	}
	return fs
}

func TestParseSelect(t *testing.T) {
	all := []Field{FieldID, FieldTarget, FieldSource, FieldSourceID}
	tests := []struct {
		in    string
		want  []Field
		isAll bool
	}{
		{"id", []Field{FieldID}, false},
		{"ID", []Field{FieldID}, false},
		{"target,sourceId", []Field{FieldTarget, FieldSourceID}, false},
		{" source , Target\t", []Field{FieldTarget, FieldSource}, false},
		{"id,id,ID", []Field{FieldID}, false},
		{"*", all, true},
		{"id,*", all, true},
		{"sourceid,source,target,id", all, true},
	}
	for _, tc := range tests {
		sel, err := ParseSelect(tc.in)
		if err != nil {
			t.Errorf("ParseSelect(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, fields(sel)); diff != "" {
			t.Errorf("ParseSelect(%q) fields (-want +got):\n%s", tc.in, diff)
		}
		if sel.All() != tc.isAll {
			t.Errorf("ParseSelect(%q).All() = %v", tc.in, sel.All())
		}
	}
	if s := SelectAll(); !s.All() || !cmp.Equal(fields(s), all) {
		t.Errorf("SelectAll() has %v", fields(s))
	}
	if (Selection{}).Has(FieldID) || (Selection{}).All() || SelectAll().Has(fieldEnd) {
		t.Error("the zero Selection has a field, or SelectAll has a field beyond the last")
	}
	for f := range fieldEnd {
		if got, ok := lookupField(f.String()); !ok || got != f {
			t.Errorf("lookupField(%q) = %v, %v", f.String(), got, ok)
		}
	}
}

func TestParseSelectErrors(t *testing.T) {
	const names = "id, target, source, sourceId or *"
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 1, "expected a property name (" + names + "), found end of input"},
		{" ", 2, "expected a property name (" + names + "), found end of input"},
		{",id", 1, "expected a property name (" + names + "), found ','"},
		{"id,", 4, "expected a property name (" + names + "), found end of input"},
		{"id,,target", 4, "expected a property name (" + names + "), found ','"},
		{"id target", 4, "expected ',' or end of input after 'id', found 'target'"},
		{"* id", 3, "expected ',' or end of input after '*', found 'id'"},
		{"displayName", 1, "property 'displayName' is not supported in $select; use one of: " + names},
		{"id,@odata.type", 4, "property '@odata.type' is not supported in $select; use one of: " + names},
		{"id, target/groupId", 5, "'target/groupId' is a path; $select takes only top-level properties: " + names},
		{"'id'", 1, "expected a property name (" + names + "), found string 'id'"},
		{"id;source", 3, "unexpected character ';'"},
		{"(id)", 1, "expected a property name (" + names + "), found '('"},
	}
	for _, tc := range tests {
		sel, err := ParseSelect(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseSelect(%q) = %v, %v; want a *SyntaxError", tc.in, sel, err)
			continue
		}
		if sel != (Selection{}) {
			t.Errorf("ParseSelect(%q) returned fields with its error", tc.in)
		}
		want := &SyntaxError{Option: "$select", Pos: tc.pos, Msg: tc.msg}
		if diff := cmp.Diff(want, se); diff != "" {
			t.Errorf("ParseSelect(%q) error (-want +got):\n%s", tc.in, diff)
		}
	}
}
