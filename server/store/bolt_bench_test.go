package store_test

import (
	"path/filepath"
	"strconv"
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
