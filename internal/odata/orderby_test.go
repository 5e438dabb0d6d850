package odata

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseOrderBy(t *testing.T) {
	tests := []struct {
		in   string
		want []OrderTerm
	}{
		{"id", []OrderTerm{{Prop: PropID}}},
		{"id asc", []OrderTerm{{Prop: PropID}}},
		{"ID DESC", []OrderTerm{{Prop: PropID, Desc: true}}},
		{" sourceId desc , id ", []OrderTerm{{Prop: PropSourceID, Desc: true}, {Prop: PropID}}},
		{"target/@odata.type,target/groupId\tdesc,source",
			[]OrderTerm{{Prop: PropTargetType}, {Prop: PropGroupID, Desc: true}, {Prop: PropSource}}},
		{"target/deviceAndAppManagementAssignmentFilterType Asc,target/deviceAndAppManagementAssignmentFilterId,target/collectionId desc",
			[]OrderTerm{{Prop: PropFilterType}, {Prop: PropFilterID}, {Prop: PropCollectionID, Desc: true}}},
	}
	for _, tc := range tests {
		got, err := ParseOrderBy(tc.in)
		if err != nil {
			t.Errorf("ParseOrderBy(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseOrderBy(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParseOrderByErrors(t *testing.T) {
	const props = "use one of: id, source, sourceId, target/groupId, target/collectionId, " +
		"target/deviceAndAppManagementAssignmentFilterType, target/deviceAndAppManagementAssignmentFilterId, target/@odata.type"
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 1, "expected a property name, found end of input"},
		{"  ", 3, "expected a property name, found end of input"},
		{",id", 1, "expected a property name, found ','"},
		{"id,", 4, "expected a property name after ',', found end of input"},
		{"id,,source", 4, "expected a property name after ',', found ','"},
		{"id desc asc", 9, "expected ',' or end of input after 'desc', found 'asc'"},
		{"id source", 4, "expected asc, desc, ',' or end of input after 'id', found 'source'"},
		{"id descending", 4, "expected asc, desc, ',' or end of input after 'id', found 'descending'"},
		{"id 'x'", 4, "expected asc, desc, ',' or end of input after 'id', found string 'x'"},
		{"'id'", 1, "expected a property name, found string 'id'"},
		{"id, ID desc", 5, "id appears more than once"},
		{"target/groupId,source,TARGET/GROUPID", 23, "target/groupId appears more than once"},
		{"displayName", 1, "property 'displayName' is not supported in $orderby; " + props},
		{"target", 1, "property 'target' is not supported in $orderby; " + props},
		{"tolower(id)", 1, "function 'tolower' is not supported in $orderby; order by a property"},
		{"id desc;", 8, "unexpected character ';'"},
		{"id\u00a0desc", 3, `unexpected character '\u00a0'`},
		{"id desc 'a", 9, "unterminated string: the quote at position 9 is never closed"},
		{"*", 1, "expected a property name, found '*'"},
	}
	for _, tc := range tests {
		terms, err := ParseOrderBy(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseOrderBy(%q) = %v, %v; want a *SyntaxError", tc.in, terms, err)
			continue
		}
		if terms != nil {
			t.Errorf("ParseOrderBy(%q) returned terms with its error", tc.in)
		}
		want := &SyntaxError{Option: "$orderby", Pos: tc.pos, Msg: tc.msg}
		if diff := cmp.Diff(want, se); diff != "" {
			t.Errorf("ParseOrderBy(%q) error (-want +got):\n%s", tc.in, diff)
		}
	}
}

// sorted orders the fixtures by orderby, breaking ties by their order in
// fixtures as the caller does by creation order, and returns their ids.
func sorted(t *testing.T, orderby string) []string {
	t.Helper()
	terms, err := ParseOrderBy(orderby)
	if err != nil {
		t.Fatalf("ParseOrderBy(%q): %v", orderby, err)
	}
	recs := slices.Clone(fixtures)
	slices.SortStableFunc(recs, func(a, b *rec) int { return Compare(a, b, terms) })
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.vals[PropID])
	}
	return ids
}

func TestCompare(t *testing.T) {
	tests := []struct {
		orderby string
		want    []string
	}{
		{"id", []string{"a1", "a2", "a3", "a4", "a5", "it's"}},
		{"id desc", []string{"it's", "a5", "a4", "a3", "a2", "a1"}},
		// Null first ascending, last descending; '' is a value, not null.
		{"sourceId", []string{"a1", "a2", "a4", "a5", "it's", "a3"}},
		{"sourceId desc", []string{"a3", "it's", "a1", "a2", "a4", "a5"}},
		{"source desc, id desc", []string{"a3", "it's", "a5", "a4", "a2", "a1"}},
		{"target/deviceAndAppManagementAssignmentFilterType, id desc", []string{"a3", "a2", "it's", "a5", "a4", "a1"}},
		// The two filter ids differ only in case, and are GUIDs: a tie.
		{"target/deviceAndAppManagementAssignmentFilterId desc", []string{"a2", "a3", "a1", "a4", "a5", "it's"}},
		{"target/@odata.type", []string{"it's", "a3", "a4", "a5", "a2", "a1"}},
		{"target/groupId desc", []string{"a2", "a1", "a3", "a4", "a5", "it's"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, sorted(t, tc.orderby)); diff != "" {
			t.Errorf("%s: order (-want +got):\n%s", tc.orderby, diff)
		}
	}
}

func TestCompareGUIDCase(t *testing.T) {
	a := newRec(tGroup, map[Property]string{PropGroupID: "0000000A-0000-4000-8000-000000000000"})
	b := newRec(tGroup, map[Property]string{PropGroupID: "0000000b-0000-4000-8000-000000000000"})
	c := newRec(tGroup, map[Property]string{PropGroupID: "0000000a-0000-4000-8000-000000000000"})
	terms := []OrderTerm{{Prop: PropGroupID}}
	if got := Compare(a, b, terms); got != -1 {
		t.Errorf("Compare(A, b) = %d, want -1", got)
	}
	if got := Compare(a, c, terms); got != 0 {
		t.Errorf("Compare(A, a) = %d, want 0", got)
	}
	if got := Compare(a, b, nil); got != 0 {
		t.Errorf("Compare with no terms = %d, want 0", got)
	}
}
