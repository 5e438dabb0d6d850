package store_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

const allDevicesTarget = "#microsoft.graph.allDevicesAssignmentTarget"

// TestBoltStoreRestartKeepsOrder closes and reopens the file after creates
// and deletes: the assignments come back in creation order, every page is
// right, and a create after the restart goes at the end.
func TestBoltStoreRestartKeepsOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data.db")
	s := storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{})
	var want []string
	for i := range 40 {
		id := fmt.Sprintf("a%02d", 39-i) // not in id order
		storetest.Must(t, s.Create(ctx, "c", storetest.NewAssignment(t, id, allDevicesTarget)))
		want = append(want, id)
	}
	for _, id := range []string{"a39", "a20", "a00"} {
		storetest.Must(t, s.Delete(ctx, "c", id))
		want = slices.DeleteFunc(want, func(x string) bool { return x == id })
	}
	storetest.Must(t, s.Close())

	s = storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{})
	if diff := cmp.Diff(want, storetest.ListAll(t, s)); diff != "" {
		t.Fatalf("order after a restart (-want +got):\n%s", diff)
	}
	storetest.CheckPages(t, s, want)
	storetest.Must(t, s.Create(ctx, "c", storetest.NewAssignment(t, "a39", allDevicesTarget)))
	storetest.Must(t, s.Close())
	s = storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{})
	if diff := cmp.Diff(append(want, "a39"), storetest.ListAll(t, s)); diff != "" {
		t.Errorf("order after a create and another restart (-want +got):\n%s", diff)
	}
}

// TestBoltStoreFormatVersion writes its format version into the file.
func TestBoltStoreFormatVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	storetest.Must(t, storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{}).Close())
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	storetest.Must(t, err)
	defer db.Close()
	storetest.Must(t, db.View(func(tx *bolt.Tx) error {
		if got, want := string(tx.Bucket([]byte("meta")).Get([]byte("format"))), fmt.Sprint(store.BoltFormatVersion); got != want {
			t.Errorf("format = %q, want %q", got, want)
		}
		return nil
	}))
}

// TestBoltStoreSeedsOnce seeds a new file with the fixtures, and keeps what
// a used file holds whatever fixtures it is opened with.
func TestBoltStoreSeedsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data.db")
	s := storetest.OpenBolt(t, path, []string{"c1", "c2"}, store.BoltOptions{})
	storetest.Must(t, s.Create(ctx, "c1", storetest.NewAssignment(t, "a", allDevicesTarget)))
	storetest.Must(t, s.Close())

	s = storetest.OpenBolt(t, path, []string{"c3"}, store.BoltOptions{})
	if got := s.Configurations(); !slices.Equal(got, []string{"c1", "c2"}) {
		t.Errorf("configurations = %v, want the seeded [c1 c2]", got)
	}
	if _, err := s.Get(ctx, "c1", "a"); err != nil {
		t.Errorf("Get(c1, a) after opening with other fixtures: %v", err)
	}
	if _, _, err := s.List(ctx, "c3", 0, 1); !errors.Is(err, store.ErrConfigurationNotFound) {
		t.Errorf("List(c3) = %v, want ErrConfigurationNotFound", err)
	}
}

// TestBoltStoreStartupFailures: a locked, corrupt or foreign file, or one
// of another format version, stops the open with an error that says what
// to do, and quickly.
func TestBoltStoreStartupFailures(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    error
		advice  string
	}{
		{"locked by another open", func(t *testing.T, path string) {
			storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{})
		}, store.ErrDataLocked, "stop the other emulator"},
		{"not a bbolt file", func(t *testing.T, path string) {
			storetest.Must(t, os.WriteFile(path, []byte(strings.Repeat("not a database\n", 1000)), 0o600))
		}, store.ErrDataCorrupt, "restore it from a backup"},
		{"a damaged bbolt file", func(t *testing.T, path string) {
			storetest.Must(t, storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{}).Close())
			data, err := os.ReadFile(path)
			storetest.Must(t, err)
			for i := 0; i < 2*4096 && i < len(data); i++ { // both meta pages
				data[i] ^= 0x5a
			}
			storetest.Must(t, os.WriteFile(path, data, 0o600))
		}, store.ErrDataCorrupt, "restore it from a backup"},
		{"a bbolt file of another program", func(t *testing.T, path string) {
			db, err := bolt.Open(path, 0o600, nil)
			storetest.Must(t, err)
			storetest.Must(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }))
			storetest.Must(t, db.Close())
		}, store.ErrDataCorrupt, "another -data file"},
		{"an assignment that does not decode", func(t *testing.T, path string) {
			storetest.Must(t, storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{}).Close())
			db, err := bolt.Open(path, 0o600, nil)
			storetest.Must(t, err)
			storetest.Must(t, db.Update(func(tx *bolt.Tx) error {
				c := tx.Bucket([]byte("configurations")).Bucket([]byte("c"))
				storetest.Must(t, c.Bucket([]byte("ids")).Put([]byte("a"), make([]byte, 8)))
				return c.Bucket([]byte("order")).Put(make([]byte, 8), []byte("{not json"))
			}))
			storetest.Must(t, db.Close())
		}, store.ErrDataCorrupt, "restore it from a backup"},
		{"another format version", func(t *testing.T, path string) {
			storetest.Must(t, storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{}).Close())
			db, err := bolt.Open(path, 0o600, nil)
			storetest.Must(t, err)
			storetest.Must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte("2")) }))
			storetest.Must(t, db.Close())
		}, store.ErrDataFormat, "run the emulator release that wrote it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data.db")
			tt.prepare(t, path)
			start := time.Now()
			s, err := store.OpenBoltStore(path, []string{"c"}, store.BoltOptions{Timeout: 200 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
			if err == nil {
				s.Close()
				t.Fatal("the open succeeded")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.advice) || !strings.Contains(err.Error(), path) {
				t.Errorf("err = %v, want %v naming the file and saying %q", err, tt.want, tt.advice)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the open took %v", d)
			}
		})
	}
}

// TestBoltStoreReadOnly refuses writes with ErrUnavailable and keeps
// serving reads (the server's TestReadOnlyDataFile does the same through
// the API).
func TestBoltStoreReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data.db")
	s := storetest.OpenBolt(t, path, []string{knownConfig}, store.BoltOptions{})
	storetest.Must(t, s.Create(ctx, knownConfig, storetest.NewAssignment(t, "a", allDevicesTarget)))
	storetest.Must(t, s.Close())

	s = storetest.OpenBolt(t, path, nil, store.BoltOptions{ReadOnly: true})
	checkRefusesWrites(t, s, "a")
}

// checkRefusesWrites: every write answers ErrUnavailable, and the reads
// still find id.
func checkRefusesWrites(t *testing.T, s store.Store, id string) {
	t.Helper()
	ctx := context.Background()
	keep := func(a store.Assignment) (store.Assignment, error) { return a, nil }
	for name, err := range map[string]error{
		"Create":  s.Create(ctx, knownConfig, storetest.NewAssignment(t, "new", allDevicesTarget)),
		"Delete":  s.Delete(ctx, knownConfig, id),
		"Replace": s.Replace(ctx, knownConfig, nil),
		"Update":  func() error { _, err := s.Update(ctx, knownConfig, id, keep); return err }(),
	} {
		if !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s = %v, want ErrUnavailable", name, err)
		}
	}
	if _, err := s.Get(ctx, knownConfig, id); err != nil {
		t.Errorf("Get: %v", err)
	}
	if _, total, err := s.List(ctx, knownConfig, 0, 10); err != nil || total == 0 {
		t.Errorf("List = %d, %v", total, err)
	}
}

// TestBoltStoreFull fills a file capped in size, as a full disk would
// stop it: the write that does not fit answers ErrUnavailable, changes
// nothing, reads go on, and every write acknowledged before it is there
// after a restart.
func TestBoltStoreFull(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data.db")
	s := storetest.OpenBolt(t, path, []string{"c"}, store.BoltOptions{MaxBytes: 256 << 10})
	var acked []string
	var err error
	for i := 0; i < 100_000; i++ {
		id := fmt.Sprintf("assignment-%06d-%s", i, strings.Repeat("x", 100))
		if err = s.Create(ctx, "c", storetest.NewAssignment(t, id, allDevicesTarget)); err != nil {
			break
		}
		acked = append(acked, id)
	}
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("after %d creates: %v, want ErrUnavailable", len(acked), err)
	}
	if got := storetest.ListAll(t, s); !slices.Equal(got, acked) {
		t.Errorf("after the refused write the store lists %d, want the %d acknowledged", len(got), len(acked))
	}
	storetest.Must(t, s.Close())
	s = storetest.OpenBolt(t, path, nil, store.BoltOptions{})
	if got := storetest.ListAll(t, s); !slices.Equal(got, acked) {
		t.Errorf("after a restart the store lists %d, want the %d acknowledged", len(got), len(acked))
	}
}
