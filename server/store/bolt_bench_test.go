package store_test

import (
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// filledBoltStore is a BoltStore whose configuration holds n assignments.
func filledBoltStore(b testing.TB, n int) *store.BoltStore {
	b.Helper()
	k := storetest.Kind{Name: "BoltStore", Make: func(t testing.TB, configIDs ...string) store.Store {
		return storetest.OpenBolt(t, filepath.Join(t.TempDir(), "data.db"), configIDs, store.BoltOptions{})
	}}
	s, _ := filledStore(b, k, n)
	return s.(*store.BoltStore)
}

// BenchmarkBoltStoreOpen reopens a file that holds n assignments: the
// start-up cost of loading them into memory.
func BenchmarkBoltStoreOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s := filledBoltStore(b, n)
			path := s.Path()
			storetest.Must(b, s.Close())
			b.ReportAllocs()
			for b.Loop() {
				s, err := store.OpenBoltStore(path, nil, store.BoltOptions{})
				if err != nil {
					b.Fatal(err)
				}
				storetest.Must(b, s.Close())
			}
		})
	}
}

// BenchmarkBoltStoreCreateConcurrent creates from one writer, then from
// 32 at once, in a configuration that holds 10,000 assignments: ns/op is
// per create, so the ratio of the two is how far concurrent creates share
// their commits' fsyncs.
func BenchmarkBoltStoreCreateConcurrent(b *testing.B) {
	for _, writers := range []int{1, 32} {
		b.Run("writers="+strconv.Itoa(writers), func(b *testing.B) {
			s := filledBoltStore(b, 10_000)
			in := benchAssignment(b, benchID(0))
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			for range writers {
				wg.Go(func() {
					a := in
					for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
						id := "10000000-0000-4000-8000-" + strconv.FormatInt(i, 10)
						a.Id = &id
						if err := s.Create(context.Background(), benchConfig, a); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
	}
}
