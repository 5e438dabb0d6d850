package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// The BoltStore's benchmarks are the MemStore's, on a data file in the
// test's temporary directory: compare them with BenchmarkMemStore*. Every
// write is a committed, fsynced bbolt transaction, so the writes' figures
// depend on the disk under $TMPDIR; the reads are the MemStore's.

// filledBoltStore is a BoltStore whose configuration holds n assignments,
// in the order of benchID, filled by one Replace; and those ids.
func filledBoltStore(b testing.TB, n int) (*server.BoltStore, []string) {
	b.Helper()
	s := openBoltStore(b, filepath.Join(b.TempDir(), "data.db"), []string{benchConfig}, server.BoltOptions{})
	ids := make([]string, n)
	all := make([]server.Assignment, n)
	for i := range n {
		ids[i] = benchID(i)
		all[i] = benchAssignment(b, ids[i])
	}
	if err := s.Replace(context.Background(), benchConfig, all); err != nil {
		b.Fatal(err)
	}
	return s, ids
}

// BenchmarkBoltStoreCreate appends to a configuration that holds n.
func BenchmarkBoltStoreCreate(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, _ := filledBoltStore(b, n)
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

// BenchmarkBoltStoreGet reads assignments of a configuration that holds n.
func BenchmarkBoltStoreGet(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, ids := filledBoltStore(b, n)
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

// BenchmarkBoltStoreList reads a page of the default size at the start, in
// the middle and at the end of a configuration that holds n.
func BenchmarkBoltStoreList(b *testing.B) {
	ctx := context.Background()
	const top = server.DefaultPageSize
	for _, n := range benchSizes {
		s, _ := filledBoltStore(b, n)
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

// BenchmarkBoltStoreDeleteFirst deletes the first assignment of a
// configuration that holds n and creates it again at the end, as
// BenchmarkMemStoreDeleteFirst does: two transactions per op.
func BenchmarkBoltStoreDeleteFirst(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, ids := filledBoltStore(b, n)
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
		})
	}
}

// BenchmarkBoltStoreOpen reopens a file that holds n assignments: the
// start-up cost of loading them into memory.
func BenchmarkBoltStoreOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, _ := filledBoltStore(b, n)
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
