package spectest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
)

// Snapshot is what store holds under configID, as JSON, read behind the
// API's back: a test that must leave a configuration as it found it
// compares the snapshot from before with the one from after.
func Snapshot(tb testing.TB, st store.Store, configID string) string {
	tb.Helper()
	all, _, err := st.List(context.Background(), configID, 0, server.MaxPageSize)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := json.Marshal(all)
	if err != nil {
		tb.Fatal(err)
	}
	return string(raw)
}
