package server_test

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// storeMaker makes an empty store that knows the given configurations.
type storeMaker func(t testing.TB, configIDs ...string) server.Store

// storeKind is one implementation of server.Store that the conformance
// suite runs against. Add a store here and every test of the suite runs
// on it.
type storeKind struct {
	name string
	make storeMaker
	// reopen, for a durable store, closes s and opens what it stored
	// again, as a restart would; nil for a store that keeps nothing.
	reopen func(t testing.TB, s server.Store) server.Store
}

var storeKinds = []storeKind{
	{name: "MemStore", make: func(_ testing.TB, configIDs ...string) server.Store {
		return server.NewMemStore(configIDs)
	}},
	{name: "BoltStore", make: newBoltStore, reopen: reopenBoltStore},
}

// forEachStore runs the test once on each kind of store.
func forEachStore(t *testing.T, test func(t *testing.T, newStore storeMaker)) {
	t.Helper()
	for _, k := range storeKinds {
		t.Run(k.name, func(t *testing.T) { test(t, k.make) })
	}
}

// newBoltStore is a BoltStore on a new file in the test's directory,
// closed when the test ends.
func newBoltStore(t testing.TB, configIDs ...string) server.Store {
	t.Helper()
	return openBoltStore(t, filepath.Join(t.TempDir(), "data.db"), configIDs, server.BoltOptions{})
}

// openBoltStore opens the file, closed when the test ends.
func openBoltStore(t testing.TB, path string, configIDs []string, opts server.BoltOptions) *server.BoltStore {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s, err := server.OpenBoltStore(path, configIDs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// reopenBoltStore closes a BoltStore and opens its file again.
func reopenBoltStore(t testing.TB, s server.Store) server.Store {
	t.Helper()
	b := s.(*server.BoltStore)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return openBoltStore(t, b.Path(), nil, server.BoltOptions{})
}
