package server_test

import (
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
)

// TestDocs checks that GET /docs answers the API reference, an HTML page
// that names every operation of the spec. (gen's tests check that the page
// needs no network.)
func TestDocs(t *testing.T) {
	// With its logger off, the emulator skips the access log's line.
	emu := startEmulator(t, func(c *server.Config) { c.Logger = slog.New(slog.DiscardHandler) })
	resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/docs"})
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /docs: %d", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/html" {
		t.Errorf("Content-Type %q, want text/html", resp.Header.Get("Content-Type"))
	}
	body := string(resp.Body)
	if !strings.HasPrefix(body, "<!DOCTYPE html>") {
		t.Errorf("the body starts %q, not with an HTML doctype", body[:min(len(body), 40)])
	}
	for _, op := range specdoc.Operations(spectest.Spec().Doc) {
		if !strings.Contains(body, op.OperationID) {
			t.Errorf("the page does not name operation %s", op.OperationID)
		}
	}
}
