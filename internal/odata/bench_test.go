package odata

import "testing"

// typicalFilter is the kind of filter a Graph script sends to find the
// assignments of one group.
const typicalFilter = "isof(target, 'microsoft.graph.groupAssignmentTarget') and " +
	"target/groupId eq '22222222-bbbb-4000-8000-000000000002' and " +
	"target/deviceAndAppManagementAssignmentFilterType in ('include', 'exclude') and sourceId eq null"

func BenchmarkParseFilter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFilter(typicalFilter); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterMatch matches a parsed filter against each fixture in
// turn: the cost per entity of a filtered list.
func BenchmarkFilterMatch(b *testing.B) {
	f, err := ParseFilter(typicalFilter)
	if err != nil {
		b.Fatal(err)
	}
	entities := make([]Entity, len(fixtures))
	for i, r := range fixtures {
		entities[i] = r
	}
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		if f.Match(entities[i%len(entities)]) {
			n++
		}
	}
	if n == 0 {
		b.Fatal("the filter matched nothing")
	}
}

func TestMatchAndCompareDoNotAllocate(t *testing.T) {
	f, err := ParseFilter(typicalFilter + " or not (id in ('a1', null) or target/@odata.type ne '#microsoft.graph.allDevicesAssignmentTarget')")
	if err != nil {
		t.Fatal(err)
	}
	terms, err := ParseOrderBy("target/groupId desc, sourceId, target/@odata.type, id")
	if err != nil {
		t.Fatal(err)
	}
	a, b := Entity(fixtures[0]), Entity(fixtures[1])
	if n := testing.AllocsPerRun(100, func() { f.Match(a); f.Match(b) }); n != 0 {
		t.Errorf("Match allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { Compare(a, b, terms) }); n != 0 {
		t.Errorf("Compare allocates %v times", n)
	}
}
