//go:build !race

// The race detector changes what allocates (sync.Pool drops values at
// random under it), so the budget is checked without it: `make test` runs
// this file's test in a second, plain run.

package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server"
)

// allocationBudgets are the most allocations the emulator may add to one
// request of each kind on its hot path, beyond what the same request to a
// bare echo handler answering the same bytes costs. They hold the
// emulator to what it takes today: raise one only for a reason a reviewer
// accepts, and say it in the commit.
var allocationBudgets = []struct {
	name   string
	method string
	path   func(id string) string
	body   string
	status int
	budget float64
}{
	{"create", http.MethodPost, func(string) string { return assignmentsPath(knownConfig) }, "", http.StatusCreated, 25},
	{"get", http.MethodGet, func(id string) string { return assignmentPath(knownConfig, id) }, "", http.StatusOK, 15},
	// A full page of the default size: a page costs the same whatever it holds.
	{"list", http.MethodGet, func(string) string { return assignmentsPath(knownConfig) }, "", http.StatusOK, 17},
	{"patch", http.MethodPatch, func(id string) string { return assignmentPath(knownConfig, id) }, `{"sourceId":"s"}`, http.StatusOK, 25},
}

// TestAllocationBudget counts the allocations of each kind of request
// through the whole emulator, served in process, and of the same request
// to a bare echo handler that answers the emulator's own bytes: the
// difference is what the emulator allocates, and must stay within its
// budget.
func TestAllocationBudget(t *testing.T) {
	tok := writer(t)
	seed := []byte(seedJSON(t))
	for _, tt := range allocationBudgets {
		t.Run(tt.name, func(t *testing.T) {
			e, err := server.NewEcho(testConfig(io.Discard))
			if err != nil {
				t.Fatal(err)
			}
			var created []byte
			for range server.DefaultPageSize {
				created = serve(t, e, http.MethodPost, assignmentsPath(knownConfig), seed, tok, http.StatusCreated).Body.Bytes()
			}
			var a struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(created, &a); err != nil {
				t.Fatal(err)
			}
			var body []byte
			switch {
			case tt.method == http.MethodPost:
				body = seed
			case tt.body != "":
				body = []byte(tt.body)
			}
			path := tt.path(a.ID)
			canned := serve(t, e, tt.method, path, body, tok, tt.status).Body.Bytes()
			bare := echo.New()
			bare.Add(tt.method, path, func(c echo.Context) error { return c.JSONBlob(tt.status, canned) })

			full := testing.AllocsPerRun(200, func() { serve(t, e, tt.method, path, body, tok, tt.status) })
			base := testing.AllocsPerRun(200, func() { serve(t, bare, tt.method, path, body, tok, tt.status) })
			t.Logf("%s: %.0f allocations, %.0f of them the emulator's (bare echo %.0f)", tt.name, full, full-base, base)
			if full-base > tt.budget {
				t.Errorf("%s: the emulator allocates %.0f times per request, over its budget of %.0f", tt.name, full-base, tt.budget)
			}
		})
	}
}
