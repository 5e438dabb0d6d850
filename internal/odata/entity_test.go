package odata

import "testing"

// rec is an Entity for tests: properties set by path, as a caller's
// record would hold them.
type rec struct {
	vals       [propEnd]string
	set        [propEnd]bool
	targetType string
}

func (r *rec) Value(p Property) (string, bool) {
	if p == PropTargetType {
		panic("Value asked for target/@odata.type, which TargetType answers")
	}
	return r.vals[p], r.set[p]
}

func (r *rec) TargetType() string { return r.targetType }

func newRec(targetType string, props map[Property]string) *rec {
	r := &rec{targetType: targetType}
	for p, v := range props {
		r.vals[p], r.set[p] = v, true
	}
	return r
}

const (
	tAll       = "microsoft.graph.allDevicesAssignmentTarget"
	tUsers     = "microsoft.graph.allLicensedUsersAssignmentTarget"
	tGroup     = "microsoft.graph.groupAssignmentTarget"
	tExclusion = "microsoft.graph.exclusionGroupAssignmentTarget"
	tConfigMgr = "microsoft.graph.configurationManagerCollectionAssignmentTarget"
)

// fixtures are the entities the filter tests match against, by id.
var fixtures = []*rec{
	newRec(tGroup, map[Property]string{PropID: "a1", PropSource: "direct", PropGroupID: "11111111-aaaa-4000-8000-000000000001", PropFilterType: "none"}),
	newRec("#"+tExclusion, map[Property]string{PropID: "a2", PropSource: "direct", PropGroupID: "22222222-BBBB-4000-8000-000000000002", PropFilterType: "include", PropFilterID: "f0000000-0000-4000-8000-00000000000f"}),
	newRec(tAll, map[Property]string{PropID: "a3", PropSource: "policySets", PropSourceID: "ps-1", PropFilterType: "exclude", PropFilterID: "F0000000-0000-4000-8000-00000000000F"}),
	newRec(tUsers, map[Property]string{PropID: "a4", PropSource: "direct", PropFilterType: "none"}),
	newRec(tConfigMgr, map[Property]string{PropID: "a5", PropSource: "direct", PropCollectionID: "SMS00001", PropFilterType: "none"}),
	newRec("", map[Property]string{PropID: "it's", PropSource: "direct", PropSourceID: "", PropFilterType: "none"}),
}

func TestPropertyString(t *testing.T) {
	for p := PropID; p < propEnd; p++ {
		got, ok := lookupProperty(p.String())
		if !ok || got != p {
			t.Errorf("lookupProperty(%q) = %v, %v; want %v", p.String(), got, ok, p)
		}
	}
	if got := Property(0).String(); got != "Property(0)" {
		t.Errorf("Property(0).String() = %q", got)
	}
	if got := Property(99).String(); got != "Property(99)" {
		t.Errorf("Property(99).String() = %q", got)
	}
}

func TestIsOf(t *testing.T) {
	want := map[string][]string{
		"microsoft.graph.deviceAndAppManagementAssignmentTarget": {"microsoft.graph.deviceAndAppManagementAssignmentTarget", tAll, tUsers, tGroup, tExclusion, tConfigMgr},
		tAll:       {tAll},
		tUsers:     {tUsers},
		tGroup:     {tGroup, tExclusion},
		tExclusion: {tExclusion},
		tConfigMgr: {tConfigMgr},
	}
	actuals := []string{"", "microsoft.graph.deviceAndAppManagementAssignmentTarget", tAll, tUsers, tGroup, tExclusion, "#" + tExclusion, tConfigMgr, "microsoft.graph.userAssignmentTarget"}
	for i, tt := range targetTypes {
		for _, actual := range actuals {
			expect := false
			for _, a := range want[tt.name] {
				if a == actual || "#"+a == actual {
					expect = true
				}
			}
			if got := isOf(actual, i); got != expect {
				t.Errorf("isOf(%q, %s) = %v, want %v", actual, tt.name, got, expect)
			}
		}
	}
}

func TestValueCompare(t *testing.T) {
	tests := []struct {
		a, b  string
		equal bool
		cmp   int
	}{
		{"a", "a", true, 0},
		{"a", "A", false, 1},
		{"a", "b", false, -1},
		{"ab", "a", false, 1},
		{"", "a", false, -1},
		{"11111111-aaaa-4000-8000-000000000001", "11111111-AAAA-4000-8000-000000000001", true, 0},
		{"11111111-aaaa-4000-8000-000000000001", "11111111-AAAB-4000-8000-000000000001", false, -1},
		// Only one is a GUID: ordinal equality, the GUID lowercased for order,
		// so that "A0..." sorts with "a0..." after "B".
		{"A0000000-0000-4000-8000-000000000000", "B", false, 1},
		{"a0000000-0000-4000-8000-000000000000", "B", false, 1},
		{"G0000000-0000-4000-8000-000000000000", "g0000000-0000-4000-8000-000000000000", false, -1},
		{"11111111-aaaa-4000-8000-00000000001", "11111111-AAAA-4000-8000-00000000001", false, 1},
	}
	for _, tc := range tests {
		if got := equalValues(tc.a, tc.b); got != tc.equal {
			t.Errorf("equalValues(%q, %q) = %v", tc.a, tc.b, got)
		}
		if got := compareValues(tc.a, tc.b); got != tc.cmp {
			t.Errorf("compareValues(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.cmp)
		}
		if got := compareValues(tc.b, tc.a); got != -tc.cmp {
			t.Errorf("compareValues(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.cmp)
		}
	}
}

func TestShow(t *testing.T) {
	tests := map[string]string{
		"id":                    "'id'",
		"a\nb":                  `'a\nb'`,
		"\xff":                  `'\xff'`,
		"é":                     "'é'",
		"\u200b":                `'\u200b'`,
		string(make([]byte, 0)): "''",
		"0123456789012345678901234567890123456789abc": "'0123456789012345678901234567890123456789...'",
	}
	for in, want := range tests {
		if got := show(in); got != want {
			t.Errorf("show(%q) = %s, want %s", in, got, want)
		}
	}
}
