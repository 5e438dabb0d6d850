package store_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
)

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
				s := store.NewMemStore([]string{benchConfig})
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
