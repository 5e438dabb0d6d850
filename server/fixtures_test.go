package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
)

// TestFixturesFile serves the configurations of a fixtures file, and only
// those.
func TestFixturesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, []byte(`{"value":[{"id":"custom-config"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	configs, err := store.LoadFixtures(path)
	if err != nil {
		t.Fatal(err)
	}
	emu := startEmulator(t, func(c *server.Config) { c.Configurations = configs })
	if resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath("custom-config"), Token: writer(t)}); resp.Status != http.StatusOK {
		t.Errorf("configuration of the file: %d %s", resp.Status, resp.Body)
	}
	checkGraphError(t, emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)}),
		http.StatusNotFound, "ResourceNotFound")

	if _, err := store.LoadFixtures(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadFixtures of a missing file succeeded")
	}
}
