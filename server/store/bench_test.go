package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// The store's benchmarks call each kind of store (storeKinds) directly,
// without HTTP, so that they show what the store itself costs at 10,000 and
// 100,000 assignments. Run them with -benchmem. A durable store's writes
// are fsynced transactions, so their figures depend on the disk under
// $TMPDIR; BoltStore's reads are MemStore's.

const benchConfig = "c"

// benchSizes are the numbers of stored assignments the benchmarks run at.
var benchSizes = []int{10_000, 100_000}

// benchID is the i-th assignment id: a GUID-shaped string, as the
// emulator generates them.
func benchID(i int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
}

// benchAssignment is an assignment as a create through the API stores it:
// an id, the default @odata.type, a source and a group target.
func benchAssignment(b testing.TB, id string) store.Assignment {
	b.Helper()
	raw := `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + id +
		`","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + id + `"}}`
	var a store.Assignment
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		b.Fatal(err)
	}
	return a
}

// filledStore is a store of kind k whose configuration holds n
// assignments, in the order of benchID, filled by one Replace; and those ids.
func filledStore(b testing.TB, k storetest.Kind, n int) (store.Store, []string) {
	b.Helper()
	s := k.Make(b, benchConfig)
	ids := make([]string, n)
	all := make([]store.Assignment, n)
	for i := range n {
		ids[i] = benchID(i)
		all[i] = benchAssignment(b, ids[i])
	}
	if err := s.Replace(context.Background(), benchConfig, all); err != nil {
		b.Fatal(err)
	}
	return s, ids
}

// benchEachStore runs bench once per kind of store and size.
func benchEachStore(b *testing.B, bench func(b *testing.B, k storetest.Kind, n int)) {
	for _, k := range storeKinds {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/n=%d", k.Name, n), func(b *testing.B) { bench(b, k, n) })
		}
	}
}

// BenchmarkStoreCreate appends to a configuration that holds n
// assignments. Each iteration makes its new id (one string and the
// pointer to it: 2 of the allocations reported are the benchmark's own);
// the store grows by one per iteration.
func BenchmarkStoreCreate(b *testing.B) {
	ctx := context.Background()
	benchEachStore(b, func(b *testing.B, k storetest.Kind, n int) {
		s, _ := filledStore(b, k, n)
		in := benchAssignment(b, benchID(0))
		prefix := []byte("10000000-0000-4000-8000-")
		next := 0
		b.ReportAllocs()
		for b.Loop() {
			id := string(strconv.AppendInt(prefix, int64(next), 10))
			next++
			in.Id = &id
			if err := s.Create(ctx, benchConfig, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStoreGet reads assignments of a configuration that holds n,
// walking the ids with a stride so that consecutive reads are far apart.
func BenchmarkStoreGet(b *testing.B) {
	ctx := context.Background()
	benchEachStore(b, func(b *testing.B, k storetest.Kind, n int) {
		s, ids := filledStore(b, k, n)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(ctx, benchConfig, ids[i]); err != nil {
				b.Fatal(err)
			}
			i = (i + 7919) % n
		}
	})
}

// BenchmarkStoreList reads a page of the default size at the start, in the
// middle and at the end of a configuration that holds n assignments.
func BenchmarkStoreList(b *testing.B) {
	ctx := context.Background()
	const top = 100 // the server's default page size
	benchEachStore(b, func(b *testing.B, k storetest.Kind, n int) {
		s, _ := filledStore(b, k, n)
		for _, page := range []struct {
			name string
			skip int
		}{{"first", 0}, {"middle", n / 2}, {"last", n - top}} {
			b.Run(page.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					got, total, err := s.List(ctx, benchConfig, page.skip, top)
					if err != nil || total != n || len(got) != top {
						b.Fatalf("List = %d of %d, %v", len(got), total, err)
					}
				}
			})
		}
	})
}

// BenchmarkStoreDeleteFirst deletes the first assignment of a
// configuration that holds n. To keep it at n with the next one first,
// each iteration then creates the deleted assignment again, at the end:
// one op is a Delete of the first plus a Create (compare
// BenchmarkStoreCreate for the Create's share). The ids rotate, so the one
// deleted is always the oldest.
func BenchmarkStoreDeleteFirst(b *testing.B) {
	ctx := context.Background()
	benchEachStore(b, func(b *testing.B, k storetest.Kind, n int) {
		s, ids := filledStore(b, k, n)
		inputs := make([]store.Assignment, n)
		for i, id := range ids {
			inputs[i] = benchAssignment(b, id)
		}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Delete(ctx, benchConfig, ids[i]); err != nil {
				b.Fatal(err)
			}
			if err := s.Create(ctx, benchConfig, inputs[i]); err != nil {
				b.Fatal(err)
			}
			i = (i + 1) % n
		}
	})
}
