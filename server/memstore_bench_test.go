package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// The store's benchmarks call MemStore directly, without HTTP, so that they
// show what the store itself costs at 10,000 and 100,000 assignments.
// Run them with -benchmem.

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
func benchAssignment(b testing.TB, id string) server.Assignment {
	b.Helper()
	raw := `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + id +
		`","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + id + `"}}`
	var a server.Assignment
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		b.Fatal(err)
	}
	return a
}

// filledStore is a store whose configuration holds n assignments, created
// in the order of benchID, and those ids.
func filledStore(b testing.TB, n int) (*server.MemStore, []string) {
	b.Helper()
	s := server.NewMemStore([]string{benchConfig})
	ids := make([]string, n)
	for i := range n {
		ids[i] = benchID(i)
		if err := s.Create(context.Background(), benchConfig, benchAssignment(b, ids[i])); err != nil {
			b.Fatal(err)
		}
	}
	return s, ids
}

// BenchmarkMemStoreCreate appends to a configuration that holds n
// assignments. Each iteration makes its new id (one string and the
// pointer to it: 2 of the allocations reported are the benchmark's own);
// the store grows by one per iteration.
func BenchmarkMemStoreCreate(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, _ := filledStore(b, n)
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
}

// BenchmarkMemStoreGet reads assignments of a configuration that holds n,
// walking the ids with a stride so that consecutive reads are far apart.
func BenchmarkMemStoreGet(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, ids := filledStore(b, n)
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
}

// BenchmarkMemStoreList reads a page of the default size at the start, in
// the middle and at the end of a configuration that holds n assignments.
func BenchmarkMemStoreList(b *testing.B) {
	ctx := context.Background()
	const top = server.DefaultPageSize
	for _, n := range benchSizes {
		s, _ := filledStore(b, n)
		for _, page := range []struct {
			name string
			skip int
		}{{"first", 0}, {"middle", n / 2}, {"last", n - top}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, page.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					got, total, err := s.List(ctx, benchConfig, page.skip, top)
					if err != nil || total != n || len(got) != top {
						b.Fatalf("List = %d of %d, %v", len(got), total, err)
					}
				}
			})
		}
	}
}

// BenchmarkMemStoreDeleteFirst deletes the first assignment of a
// configuration that holds 100,000. To keep it at 100,000 with the next
// one first, each iteration then creates the deleted assignment again,
// at the end: one op is a Delete of the first plus a Create (compare
// BenchmarkMemStoreCreate for the Create's share). The ids rotate, so the
// one deleted is always the oldest.
func BenchmarkMemStoreDeleteFirst(b *testing.B) {
	ctx := context.Background()
	const n = 100_000
	s, ids := filledStore(b, n)
	inputs := make([]server.Assignment, n)
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
}

// BenchmarkMemStoreMemory fills a store with 100,000 assignments and
// reports the heap it keeps per assignment (bytes/assignment): the live
// heap after a GC, less the live heap before the store was made, over
// 100,000. ns/op is the time to fill the store.
func BenchmarkMemStoreMemory(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	targets := map[string]func(id string) string{
		"group": func(id string) string {
			return `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + id + `"}`
		},
		"allDevices": func(string) string { return `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}` },
	}
	for _, name := range []string{"group", "allDevices"} {
		b.Run("target="+name, func(b *testing.B) {
			var perAssignment float64
			for b.Loop() {
				before := liveHeap()
				s := server.NewMemStore([]string{benchConfig})
				for i := range n {
					a := benchAssignment(b, benchID(i))
					if err := a.Target.UnmarshalJSON([]byte(targets[name](benchID(i)))); err != nil {
						b.Fatal(err)
					}
					if err := s.Create(ctx, benchConfig, a); err != nil {
						b.Fatal(err)
					}
				}
				perAssignment = float64(liveHeap()-before) / n
				runtime.KeepAlive(s)
			}
			b.ReportMetric(perAssignment, "bytes/assignment")
		})
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
