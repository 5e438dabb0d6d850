package server_test

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// TestRestartKeepsPaging follows @odata.nextLink through the
// whole API before and after a restart on the same file.
func TestRestartKeepsPaging(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	ids := configurationIDs(store.DefaultConfigurations())
	start := func() (*emulator, *store.BoltStore) {
		s := storetest.OpenBolt(t, path, ids, store.BoltOptions{})
		return startEmulator(t, func(c *server.Config) { c.Store = s; c.PageSize = 7 }), s
	}
	emu, s := start()
	var created []string
	for range 30 {
		a := emu.create(t, map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})
		created = append(created, a["id"].(string))
	}
	before, pages := emu.listAll(t, knownConfig, 0)
	if pages != 5 || len(before) != 30 {
		t.Fatalf("%d assignments in %d pages, want 30 in 5", len(before), pages)
	}
	emu.Close()
	must(t, s.Close())

	emu, _ = start()
	after, pages := emu.listAll(t, knownConfig, 0)
	if pages != 5 || !cmp.Equal(before, after) {
		t.Errorf("after a restart: %d pages, %d assignments; equal to before: %v", pages, len(after), cmp.Equal(before, after))
	}
	var got []string
	for _, a := range after {
		got = append(got, a["id"].(string))
	}
	if diff := cmp.Diff(created, got); diff != "" {
		t.Errorf("ids in creation order after a restart (-want +got):\n%s", diff)
	}
}

func configurationIDs(configs []store.Configuration) []string {
	var ids []string
	for _, c := range configs {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestReadOnlyDataFile answers a write to a read-only data file with 503
// and Retry-After, and keeps serving reads.
func TestReadOnlyDataFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	s := storetest.OpenBolt(t, path, []string{knownConfig}, store.BoltOptions{})
	created := startEmulator(t, func(c *server.Config) { c.Store = s }).create(t, map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})
	if created["id"] == nil {
		t.Fatalf("create before going read-only: %v", created)
	}
	must(t, s.Close())

	s = storetest.OpenBolt(t, path, nil, store.BoltOptions{ReadOnly: true})
	emu := startEmulator(t, func(c *server.Config) { c.Store = s })
	resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Token: writer(t),
		Body: map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}})
	checkGraphError(t, resp, http.StatusServiceUnavailable, "ServiceUnavailable")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if all, _ := emu.listAll(t, knownConfig, 0); len(all) != 1 {
		t.Errorf("list while read-only: %d assignments, want 1", len(all))
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
