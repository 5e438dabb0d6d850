package server_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
)

// TestDocs checks that GET /docs answers the API reference, an HTML page
// that names every operation of the spec. (gen's tests check that the page
// needs no network.)
func TestDocs(t *testing.T) {
	e, err := server.New(server.Config{
		Auth:   server.AuthConfig{HS256Secret: []byte("docs-test-secret")},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/docs")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /docs: %s", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/html" {
		t.Errorf("Content-Type %q, want text/html", resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(string(body), "<!DOCTYPE html>") {
		t.Errorf("the body starts %q, not with an HTML doctype", body[:min(len(body), 40)])
	}
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range specdoc.Operations(doc) {
		if !strings.Contains(string(body), op.OperationID) {
			t.Errorf("the page does not name operation %s", op.OperationID)
		}
	}
}
