package odata

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// checkSyntaxError fails unless err is a *SyntaxError for option with a
// position within s or at its end.
func checkSyntaxError(t *testing.T, option, s string, err error) {
	t.Helper()
	se, ok := err.(*SyntaxError)
	if !ok {
		t.Fatalf("%q: error %T %v is not a *SyntaxError", s, err, err)
	}
	if se.Option != option || se.Msg == "" {
		t.Fatalf("%q: error %#v", s, se)
	}
	if se.Pos < 1 || se.Pos > len(s)+1 {
		t.Fatalf("%q: position %d outside 1..%d: %v", s, se.Pos, len(s)+1, se)
	}
	if !strings.HasPrefix(se.Error(), option+": syntax error at position ") {
		t.Fatalf("%q: error text %q", s, se.Error())
	}
}

var filterSeeds = []string{
	"",
	"id eq 'a1'",
	"ID Eq 'it''s'",
	"'a1' eq id",
	"sourceId eq null",
	"sourceId ne null and source eq 'policySets'",
	"target/groupId eq '11111111-AAAA-4000-8000-000000000001'",
	"target/deviceAndAppManagementAssignmentFilterType in ('include', 'exclude', null)",
	"not (id eq 'a1' or id eq 'a2') and not isof(target, 'microsoft.graph.groupAssignmentTarget')",
	"isof(target,#microsoft.graph.exclusionGroupAssignmentTarget)",
	"isof(target, microsoft.graph.deviceAndAppManagementAssignmentTarget)",
	"target/@odata.type eq '#microsoft.graph.allDevicesAssignmentTarget'",
	"target/@odata.type in ('microsoft.graph.allLicensedUsersAssignmentTarget')",
	"((id eq 'a')) or (((sourceId eq null)))",
	"not not not id eq 'x'",
	"id gt 'a'",
	"startswith(id, 'a')",
	"target/any(t: t/groupId eq 'g')",
	"(id eq 'a'",
	"id eq 'a')",
	"id eq 'unterminated",
	"id eq \"a\"",
	"id in ()",
	"id eq 5",
	"source eq 'Direct'",
	"isof('microsoft.graph.groupAssignmentTarget')",
	"id eq 'a' \xff",
	"\t id\teq\t'a' ",
	strings.Repeat("(", 101) + "id eq 'a'" + strings.Repeat(")", 101),
	strings.Repeat("not ", 99) + "(id eq 'a')",
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range filterSeeds {
		f.Add(s)
	}
	// Random valid filters give the fuzzer the whole grammar to mutate.
	g := exprGen{r: rand.New(rand.NewPCG(3, 4))}
	for range 50 {
		s, _ := g.or(0)
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		filter, err := ParseFilter(s)
		if err != nil {
			checkSyntaxError(t, "$filter", s, err)
			if filter != nil {
				t.Fatalf("%q: a filter with the error", s)
			}
			return
		}
		if filter == nil {
			t.Fatalf("%q: no filter and no error", s)
		}
		// A valid filter stays valid in parentheses, unless that nests it too
		// deep, and its negation matches the other entities.
		negated, nerr := ParseFilter("not (" + s + ")")
		if nerr != nil {
			if se, ok := nerr.(*SyntaxError); !ok || !strings.Contains(se.Msg, "nested more than") {
				t.Fatalf("%q parses but its negation does not: %v", s, nerr)
			}
		}
		for _, r := range fixtures {
			m := filter.Match(r)
			if negated != nil && negated.Match(r) == m {
				t.Fatalf("%q and its negation agree on %s", s, r.vals[PropID])
			}
		}
	})
}

var orderBySeeds = []string{
	"",
	"id",
	"id desc",
	"ID DESC, sourceId asc",
	"target/@odata.type,target/groupId\tdesc,source",
	"target/deviceAndAppManagementAssignmentFilterType asc, target/deviceAndAppManagementAssignmentFilterId, target/collectionId desc",
	"id,",
	"id, id",
	"id desc asc",
	"tolower(id)",
	"displayName",
	"id 'x",
	"*",
}

func FuzzParseOrderBy(f *testing.F) {
	for _, s := range orderBySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, err := ParseOrderBy(s)
		if err != nil {
			checkSyntaxError(t, "$orderby", s, err)
			if terms != nil {
				t.Fatalf("%q: terms with the error", s)
			}
			return
		}
		if len(terms) == 0 {
			t.Fatalf("%q: no terms and no error", s)
		}
		seen := map[Property]bool{}
		for _, term := range terms {
			if term.Prop < PropID || term.Prop >= propEnd || seen[term.Prop] {
				t.Fatalf("%q: terms %v", s, terms)
			}
			seen[term.Prop] = true
		}
		// Compare is an order: antisymmetric and zero on equal entities.
		for _, a := range fixtures {
			if c := Compare(a, a, terms); c != 0 {
				t.Fatalf("%q: Compare(%s, itself) = %d", s, a.vals[PropID], c)
			}
			for _, b := range fixtures {
				if ab, ba := Compare(a, b, terms), Compare(b, a, terms); ab != -ba {
					t.Fatalf("%q: Compare(%s, %s) = %d but the reverse is %d", s, a.vals[PropID], b.vals[PropID], ab, ba)
				}
			}
		}
	})
}

var selectSeeds = []string{
	"",
	"id",
	"*",
	"id,target,source,sourceId",
	" Source , TARGET\t",
	"id,,target",
	"id target",
	"target/groupId",
	"@odata.type",
	"id;source",
	"'id'",
}

func FuzzParseSelect(f *testing.F) {
	for _, s := range selectSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, err := ParseSelect(s)
		if err != nil {
			checkSyntaxError(t, "$select", s, err)
			if sel != (Selection{}) {
				t.Fatalf("%q: a selection with the error", s)
			}
			return
		}
		n := 0
		for f := range fieldEnd {
			if sel.Has(f) {
				n++
			}
		}
		if n == 0 || sel.All() != (n == int(fieldEnd)) {
			t.Fatalf("%q: %d fields selected, All() = %v", s, n, sel.All())
		}
	})
}
