package storetest

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
)

// Builtin are the kinds of the store package itself, MemStore and
// BoltStore (on a file in the test's directory), for the tests of the
// store and of what is built on it.
var Builtin = []Kind{
	{Name: "MemStore", Make: func(_ testing.TB, configIDs ...string) store.Store {
		return store.NewMemStore(configIDs)
	}},
	{Name: "BoltStore", Make: newBoltStore, Reopen: reopenBoltStore},
}

// newBoltStore is a BoltStore on a new file in the test's directory,
// closed when the test ends.
func newBoltStore(t testing.TB, configIDs ...string) store.Store {
	t.Helper()
	return OpenBolt(t, filepath.Join(t.TempDir(), "data.db"), configIDs, store.BoltOptions{})
}

// OpenBolt opens the file, closed when the test ends.
func OpenBolt(t testing.TB, path string, configIDs []string, opts store.BoltOptions) *store.BoltStore {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s, err := store.OpenBoltStore(path, configIDs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// reopenBoltStore closes a BoltStore and opens its file again.
func reopenBoltStore(t testing.TB, s store.Store) store.Store {
	t.Helper()
	b := s.(*store.BoltStore)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return OpenBolt(t, b.Path(), nil, store.BoltOptions{})
}
