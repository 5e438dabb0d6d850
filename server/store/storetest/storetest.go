// Package storetest is the conformance suite of store.Store: what every
// implementation must do, written once and run against each. The store
// package runs it on MemStore and BoltStore; another Store (a shared SQL
// database, say) passes the same suite with one call:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Kind{Name: "PostgresStore", Make: newPostgresStore})
//	}
//
// Each test makes its own empty stores through the Kind, so the suite
// needs nothing else of an implementation.
package storetest

import (
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
)

// Maker makes an empty store that knows the given configurations; it
// closes whatever it opened when t ends.
type Maker func(t testing.TB, configIDs ...string) store.Store

// Kind is one implementation of store.Store to run the suite on.
type Kind struct {
	Name string
	Make Maker
	// Reopen, for a durable store, closes s and opens what it stored
	// again, as a restart would; nil for a store that keeps nothing.
	Reopen func(t testing.TB, s store.Store) store.Store
}

// Run runs every test of the suite on each kind, as subtests named after
// the test and then the kind.
func Run(t *testing.T, kinds ...Kind) {
	tests := []struct {
		name string
		run  func(*testing.T, []Kind)
	}{
		{"Methods", testMethods},
		{"Update", testUpdate},
		{"Copies", testCopies},
		{"OrderAfterDeletes", testOrderAfterDeletes},
		{"DuplicateIDs", testDuplicateIDs},
		{"ReplaceIsAtomic", testReplaceIsAtomic},
		{"SharesNoMemory", testSharesNoMemory},
		{"KeepsEveryProperty", testKeepsEveryProperty},
		{"RefusesWhatTheSpecDoesNot", testRefusesWhatTheSpecDoesNot},
		{"Concurrency", testConcurrency},
		{"ConcurrentWrites", testConcurrentWrites},
		{"AgainstModel", testAgainstModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, kinds) })
	}
}

// forEachKind runs test once on each kind.
func forEachKind(t *testing.T, kinds []Kind, test func(t *testing.T, newStore Maker)) {
	t.Helper()
	for _, k := range kinds {
		t.Run(k.Name, func(t *testing.T) { test(t, k.Make) })
	}
}
