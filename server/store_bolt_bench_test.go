package server_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// filledBoltStore is a BoltStore whose configuration holds n assignments.
func filledBoltStore(b testing.TB, n int) *server.BoltStore {
	b.Helper()
	k := storeKind{name: "BoltStore", make: func(t testing.TB, configIDs ...string) server.Store {
		return openBoltStore(t, filepath.Join(t.TempDir(), "data.db"), configIDs, server.BoltOptions{})
	}}
	s, _ := filledStore(b, k, n)
	return s.(*server.BoltStore)
}

// BenchmarkBoltStoreOpen reopens a file that holds n assignments: the
// start-up cost of loading them into memory.
func BenchmarkBoltStoreOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s := filledBoltStore(b, n)
			path := s.Path()
			must(b, s.Close())
			b.ReportAllocs()
			for b.Loop() {
				s, err := server.OpenBoltStore(path, nil, server.BoltOptions{})
				if err != nil {
					b.Fatal(err)
				}
				must(b, s.Close())
			}
		})
	}
}
