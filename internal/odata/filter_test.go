package odata

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// matching parses filter and returns the ids of the fixtures it matches.
func matching(t *testing.T, filter string) []string {
	t.Helper()
	f, err := ParseFilter(filter)
	if err != nil {
		t.Fatalf("ParseFilter(%q): %v", filter, err)
	}
	ids := []string{}
	for _, r := range fixtures {
		if f.Match(r) {
			ids = append(ids, r.vals[PropID])
		}
	}
	return ids
}

func TestFilterMatch(t *testing.T) {
	const g1 = "11111111-aaaa-4000-8000-000000000001"
	tests := []struct {
		filter string
		want   []string
	}{
		{"id eq 'a1'", []string{"a1"}},
		{"id eq 'A1'", []string{}},
		{"ID Eq 'a1'", []string{"a1"}},
		{"id ne 'a1'", []string{"a2", "a3", "a4", "a5", "it's"}},
		{"id eq 'it''s'", []string{"it's"}},
		{"'a1' eq id", []string{"a1"}},
		{"null eq sourceId", []string{"a1", "a2", "a4", "a5"}},
		{"\tid\teq\t'a1'\t", []string{"a1"}},
		{"  (id eq 'a1')  ", []string{"a1"}},

		// GUIDs compare without regard to case, other strings exactly.
		{"target/groupId eq '" + g1 + "'", []string{"a1"}},
		{"target/groupId eq '" + strings.ToUpper(g1) + "'", []string{"a1"}},
		{"target/groupId eq '22222222-bbbb-4000-8000-000000000002'", []string{"a2"}},
		{"target/collectionId eq 'sms00001'", []string{}},
		{"target/collectionId eq 'SMS00001'", []string{"a5"}},
		{"target/deviceAndAppManagementAssignmentFilterId eq 'f0000000-0000-4000-8000-00000000000F'", []string{"a2", "a3"}},

		// null
		{"sourceId eq null", []string{"a1", "a2", "a4", "a5"}},
		{"sourceId ne null", []string{"a3", "it's"}},
		{"sourceId eq ''", []string{"it's"}},
		{"sourceId ne 'ps-1'", []string{"a1", "a2", "a4", "a5", "it's"}},
		{"target/groupId eq NULL", []string{"a3", "a4", "a5", "it's"}},
		{"id eq null", []string{}},

		// enumerations
		{"source eq 'policySets'", []string{"a3"}},
		{"source ne 'direct'", []string{"a3"}},
		{"target/deviceAndAppManagementAssignmentFilterType eq 'none'", []string{"a1", "a4", "a5", "it's"}},
		{"target/deviceAndAppManagementAssignmentFilterType in ('include', 'exclude')", []string{"a2", "a3"}},

		// in
		{"id in ('a1')", []string{"a1"}},
		{"id in ('a1','a3','zz')", []string{"a1", "a3"}},
		{"sourceId in (null, 'ps-1')", []string{"a1", "a2", "a3", "a4", "a5"}},
		{"id IN ( 'a1' , 'a2' )", []string{"a1", "a2"}},
		{"target/groupId in ('" + strings.ToUpper(g1) + "')", []string{"a1"}},

		// and, or, not and their precedence
		{"id eq 'a1' or id eq 'a2' and source eq 'policySets'", []string{"a1"}},
		{"(id eq 'a1' or id eq 'a2') and source eq 'direct'", []string{"a1", "a2"}},
		{"not id eq 'a1' and source eq 'direct'", []string{"a2", "a4", "a5", "it's"}},
		{"not (id eq 'a1' or source eq 'direct')", []string{"a3"}},
		{"NOT(id eq 'a1')", []string{"a2", "a3", "a4", "a5", "it's"}},
		{"not not id eq 'a1'", []string{"a1"}},
		{"id eq 'a1' OR id eq 'a2' Or id eq 'a3'", []string{"a1", "a2", "a3"}},
		{"id ne 'a1' AND id ne 'a2' and id ne 'a3'", []string{"a4", "a5", "it's"}},
		{"((((id eq 'a1'))))", []string{"a1"}},
		{"not(not(id eq 'a1'))or(id eq 'a2')", []string{"a1", "a2"}},

		// types: isof follows derivation, @odata.type equality does not.
		{"isof(target, 'microsoft.graph.groupAssignmentTarget')", []string{"a1", "a2"}},
		{"isof(target,'#microsoft.graph.groupAssignmentTarget')", []string{"a1", "a2"}},
		{"isof(Target, microsoft.graph.groupAssignmentTarget)", []string{"a1", "a2"}},
		{"ISOF( target , 'microsoft.graph.exclusionGroupAssignmentTarget' )", []string{"a2"}},
		{"isof(target, 'microsoft.graph.deviceAndAppManagementAssignmentTarget')", []string{"a1", "a2", "a3", "a4", "a5"}},
		{"not isof(target, 'microsoft.graph.deviceAndAppManagementAssignmentTarget')", []string{"it's"}},
		{"isof(target, 'microsoft.graph.allLicensedUsersAssignmentTarget')", []string{"a4"}},
		{"isof(target, 'microsoft.graph.configurationManagerCollectionAssignmentTarget')", []string{"a5"}},
		{"target/@odata.type eq 'microsoft.graph.groupAssignmentTarget'", []string{"a1"}},
		{"target/@odata.type eq '#microsoft.graph.exclusionGroupAssignmentTarget'", []string{"a2"}},
		{"target/@odata.type eq 'microsoft.graph.deviceAndAppManagementAssignmentTarget'", []string{}},
		{"target/@odata.type eq null", []string{"it's"}},
		{"target/@odata.type ne null", []string{"a1", "a2", "a3", "a4", "a5"}},
		{"TARGET/@ODATA.TYPE in ('microsoft.graph.allDevicesAssignmentTarget', '#microsoft.graph.allLicensedUsersAssignmentTarget')", []string{"a3", "a4"}},
		{"'#microsoft.graph.allDevicesAssignmentTarget' eq target/@odata.type", []string{"a3"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, matching(t, tc.filter)); diff != "" {
			t.Errorf("%s: matched ids (-want +got):\n%s", tc.filter, diff)
		}
	}
}

func TestNilFilterMatchesAll(t *testing.T) {
	var f *Filter
	for _, r := range fixtures {
		if !f.Match(r) {
			t.Errorf("nil filter does not match %s", r.vals[PropID])
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	const (
		props = "use one of: id, source, sourceId, target/groupId, target/collectionId, " +
			"target/deviceAndAppManagementAssignmentFilterType, target/deviceAndAppManagementAssignmentFilterId, target/@odata.type"
		types = "use one of: microsoft.graph.deviceAndAppManagementAssignmentTarget, microsoft.graph.allDevicesAssignmentTarget, " +
			"microsoft.graph.allLicensedUsersAssignmentTarget, microsoft.graph.groupAssignmentTarget, " +
			"microsoft.graph.exclusionGroupAssignmentTarget, microsoft.graph.configurationManagerCollectionAssignmentTarget (with or without a leading '#')"
		ops = "use eq, ne, in, and, or, not or isof"
	)
	tests := []struct {
		filter string
		pos    int
		msg    string
	}{
		// empty and incomplete
		{"", 1, "expected an expression, found end of input"},
		{"   ", 4, "expected an expression, found end of input"},
		{"id", 3, "expected eq, ne or in after 'id', found end of input"},
		{"id eq", 6, "expected a quoted string or null after 'eq', found end of input"},
		{"id eq ", 7, "expected a quoted string or null after 'eq', found end of input"},
		{"id eq 'a' and", 14, "expected an expression after 'and', found end of input"},
		{"id eq 'a' or ", 14, "expected an expression after 'or', found end of input"},
		{"not", 4, "expected an expression after 'not', found end of input"},
		{"id in", 6, "expected '(' to open the list after 'in', found end of input"},
		{"id in ()", 8, "expected a quoted string or null after '(', found ')'"},
		{"id in ('a',)", 12, "expected a quoted string or null after ',', found ')'"},
		{"id in ('a'", 11, "expected ',' or ')' after string 'a', found end of input"},
		{"id in ('a' 'b')", 12, "expected ',' or ')' after string 'a', found string 'b'"},
		{"id in 'a'", 7, "expected '(' to open the list after 'in', found string 'a'"},
		{"id eq 'a' 'b'", 11, "expected 'and', 'or' or end of input, found string 'b'"},
		{"id eq 'a' id eq 'b'", 11, "expected 'and', 'or' or end of input, found 'id'"},
		{"id eq 'a' eq 'b'", 11, "expected 'and', 'or' or end of input, found 'eq'"},
		{"and id eq 'a'", 1, "expected an expression, found 'and'"},
		{"id eq 'a' and or id eq 'b'", 15, "expected an expression after 'and', found 'or'"},
		{"id eq *", 7, "expected a quoted string or null after 'eq', found '*'"},
		{"id eq 'a',", 10, "expected 'and', 'or' or end of input, found ','"},

		// parentheses
		{"(id eq 'a'", 11, "expected ')' to close the '(' at position 1, found end of input"},
		{"((id eq 'a')", 13, "expected ')' to close the '(' at position 1, found end of input"},
		{"(id eq 'a' x", 12, "expected ')' to close the '(' at position 1, found 'x'"},
		{"id eq 'a')", 10, "')' has no matching '('"},
		{"()", 2, "expected an expression after '(', found ')'"},
		{")", 1, "expected an expression, found ')'"},
		{"id eq ('a')", 7, "expected a quoted string or null after 'eq', found '('"},

		// strings and characters
		{"id eq 'a", 7, "unterminated string: the quote at position 7 is never closed"},
		{"id eq 'it''s", 7, "unterminated string: the quote at position 7 is never closed"},
		{`id eq "a"`, 7, `unexpected character '"'; strings are enclosed in single quotes`},
		{"id+eq+'a'", 3, "unexpected character '+'"},
		{"id eq 'a';", 10, "unexpected character ';'"},
		{"id\neq 'a'", 3, `unexpected character '\n'`},
		{"id eq 'a' \xff", 11, `unexpected byte '\xff' (not UTF-8)`},
		{"ïd eq 'a'", 1, "unexpected character 'ï'"},
		{"id eq ['a']", 7, "unexpected character '['"},
		{"id eq 'x\x00y' 'more'", 13, `expected 'and', 'or' or end of input, found string 'more'`},
		{"id eq 'a' '\x01'", 11, `expected 'and', 'or' or end of input, found string '\x01'`},

		// literals other than strings and null
		{"id eq 5", 7, "expected a quoted string or null after 'eq', found '5'"},
		{"id eq true", 7, "expected a quoted string or null after 'eq', found 'true'"},
		{"id eq a1", 7, "expected a quoted string or null after 'eq', found 'a1'"},
		{"5 eq id", 1, "literal '5' is not supported; compare with a quoted string or null"},
		{"true", 1, "literal 'true' is not supported; compare with a quoted string or null"},
		{"id eq 11111111-aaaa-4000-8000-000000000001", 7, "expected a quoted string or null after 'eq', found '11111111'"},

		// properties
		{"displayName eq 'x'", 1, "property 'displayName' is not supported in $filter; " + props},
		{"target eq 'x'", 1, "property 'target' is not supported in $filter; " + props},
		{"target/groupid/x eq 'x'", 1, "property 'target/groupid/x' is not supported in $filter; " + props},
		{"@odata.type eq 'x'", 1, "property '@odata.type' is not supported in $filter; " + props},
		{"$it/id eq 'x'", 1, "property '$it/id' is not supported in $filter; " + props},
		{"'x' eq displayName", 8, "property 'displayName' is not supported in $filter; " + props},
		{"id eq sourceId", 7, "comparing two properties is not supported; compare id with a quoted string or null"},
		{"'a' eq 'b'", 8, "one side of 'eq' must be a property"},
		{"null ne null", 9, "one side of 'ne' must be a property"},
		{"'a' eq", 7, "expected a property after 'eq', found end of input"},
		{"'a' in ('a')", 5, "'in' needs a property on its left, as in id in ('a','b')"},

		// enumerations and types
		{"source eq 'Direct'", 11, "'Direct' is not a value of source; use one of: 'direct', 'policySets'"},
		{"source in ('direct', 'other')", 22, "'other' is not a value of source; use one of: 'direct', 'policySets'"},
		{"target/deviceAndAppManagementAssignmentFilterType ne 'all'", 54, "'all' is not a value of target/deviceAndAppManagementAssignmentFilterType; use one of: 'none', 'include', 'exclude'"},
		{"'x' eq source", 1, "'x' is not a value of source; use one of: 'direct', 'policySets'"},
		{"target/@odata.type eq 'groupAssignmentTarget'", 23, "unknown type 'groupAssignmentTarget'; " + types},
		{"target/@odata.type eq 'microsoft.graph.GroupAssignmentTarget'", 23, "unknown type 'microsoft.graph.GroupAssignmentTarget'; " + types},
		{"target/@odata.type eq '##microsoft.graph.groupAssignmentTarget'", 23, "unknown type '##microsoft.graph.groupAssignmentTarget'; " + types},
		{"isof(target, 'microsoft.graph.userAssignmentTarget')", 14, "unknown type 'microsoft.graph.userAssignmentTarget'; " + types},
		{"isof(target, graph.groupAssignmentTarget)", 14, "unknown type 'graph.groupAssignmentTarget'; " + types},

		// isof
		{"isof('microsoft.graph.groupAssignmentTarget')", 6, "isof takes the target and a type, as in isof(target, 'microsoft.graph.groupAssignmentTarget')"},
		{"isof(microsoft.graph.groupAssignmentTarget)", 6, "isof takes the target and a type, as in isof(target, 'microsoft.graph.groupAssignmentTarget')"},
		{"isof(id, 'microsoft.graph.groupAssignmentTarget')", 6, "the first argument of isof must be target, as in isof(target, 'microsoft.graph.groupAssignmentTarget'); found 'id'"},
		{"isof()", 6, "expected target after '(', found ')'"},
		{"isof(target)", 12, "expected ',' after 'target', found ')'"},
		{"isof(target,)", 13, "expected a type name such as 'microsoft.graph.groupAssignmentTarget' after ',', found ')'"},
		{"isof(target, 'microsoft.graph.groupAssignmentTarget'", 53, "expected ')' to close isof after string 'microsoft.graph.groupAssignmentTarget', found end of input"},
		{"isof(target, 'microsoft.graph.groupAssignmentTarget', 'x')", 53, "expected ')' to close isof after string 'microsoft.graph.groupAssignmentTarget', found ','"},
		{"isof(target, 'microsoft.graph.groupAssignmentTarget') eq true", 55, "expected 'and', 'or' or end of input, found 'eq'"},
		{"isof", 5, "expected '(' after 'isof', found end of input"},
		{"isof target", 6, "expected '(' after 'isof', found 'target'"},

		// valid OData outside the subset
		{"id gt 'a'", 4, "operator 'gt' is not supported; " + ops},
		{"id LE 'a'", 4, "operator 'LE' is not supported; " + ops},
		{"id eq 'a' has 'b'", 11, "operator 'has' is not supported; " + ops},
		{"id add 'a'", 4, "operator 'add' is not supported; " + ops},
		{"startswith(id, 'a')", 1, "function 'startswith' is not supported; " + ops},
		{"contains (id, 'a')", 1, "function 'contains' is not supported; " + ops},
		{"tolower(id) eq 'a'", 1, "function 'tolower' is not supported; " + ops},
		{"id eq tolower('A')", 7, "expected a quoted string or null after 'eq', found 'tolower'"},
		{"target/any(t: t eq 'a')", 8, "lambda operator 'any' is not supported; " + ops},
		{"assignments/All(a: a/id eq 'x')", 13, "lambda operator 'All' is not supported; " + ops},
		{"id eq 'a' and -1 eq 1", 15, "unexpected character '-'"},
	}
	for _, tc := range tests {
		f, err := ParseFilter(tc.filter)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseFilter(%q) = %v, %v; want a *SyntaxError", tc.filter, f, err)
			continue
		}
		if f != nil {
			t.Errorf("ParseFilter(%q) returned a filter with its error", tc.filter)
		}
		want := &SyntaxError{Option: "$filter", Pos: tc.pos, Msg: tc.msg}
		if diff := cmp.Diff(want, se); diff != "" {
			t.Errorf("ParseFilter(%q) error (-want +got):\n%s", tc.filter, diff)
		}
	}
}

func TestSyntaxErrorText(t *testing.T) {
	_, err := ParseFilter("sourceId eq")
	const want = "$filter: syntax error at position 12: expected a quoted string or null after 'eq', found end of input"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestFilterNesting(t *testing.T) {
	ok := strings.Repeat("(", maxDepth) + "id eq 'a'" + strings.Repeat(")", maxDepth)
	if _, err := ParseFilter(ok); err != nil {
		t.Errorf("%d levels: %v", maxDepth, err)
	}
	ok = strings.Repeat("not ", maxDepth) + "id eq 'a'"
	if _, err := ParseFilter(ok); err != nil {
		t.Errorf("%d nots: %v", maxDepth, err)
	}
	for _, deep := range []string{
		strings.Repeat("(", maxDepth+1) + "id eq 'a'" + strings.Repeat(")", maxDepth+1),
		strings.Repeat("not ", maxDepth/2) + strings.Repeat("(", maxDepth/2+1) + "id eq 'a'",
		strings.Repeat("(", 100000),
	} {
		_, err := ParseFilter(deep)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Msg != "the expression is nested more than 100 levels deep" {
			t.Errorf("%.20s...: error %v", deep, err)
		}
	}
	// Long chains of and and or do not nest.
	long := "id eq 'a'" + strings.Repeat(" or id eq 'a' and id ne 'b'", 100000)
	if got := matching(t, long); !cmp.Equal(got, []string{}) {
		t.Errorf("long chain matched %v", got)
	}
}
