package contract_test

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/store"
)

var liveConfig = spectest.ExampleConfig

// liveEmulator is the emulator on a loopback listener with its store at
// hand, behind an optional hook that sees (and may answer) each request.
type liveEmulator struct {
	store *store.MemStore
	srv   *httptest.Server

	mu   sync.Mutex
	hook func(r *http.Request) (status int, handled bool)
	seen []string // "METHOD path auth=..." of every request after the seed
}

// newLiveEmulator starts the emulator and stores the seed through its API,
// as any caller would.
func newLiveEmulator(t *testing.T, seed ...string) *liveEmulator {
	t.Helper()
	e := &liveEmulator{store: spectest.MemStore()}
	cfg := spectest.Config(secret)
	cfg.Store = e.store
	h, err := server.NewEcho(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The body is read whole first: a server that stops reading an
		// oversized one makes its connection linger half a second at Close.
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		e.mu.Lock()
		e.seen = append(e.seen, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization"))
		hook := e.hook
		e.mu.Unlock()
		if hook != nil {
			if status, handled := hook(r); handled {
				// An injected failure, with Graph's correlation headers.
				w.Header().Set("request-id", spectest.FakeRequestID)
				w.Header().Set("client-request-id", cmp.Or(r.Header.Get("client-request-id"), spectest.FakeRequestID))
				if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
					w.Header().Set("Retry-After", "0")
				}
				spectest.WriteGraphError(w, r, status, "injected failure")
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	d := &spectest.Driver{Base: e.srv.URL + server.DefaultBasePath, Client: e.srv.Client()}
	if err := spectest.Seed(context.Background(), d, spectest.Token(t, secret, specdoc.WriteScope()), liveConfig, seed...); err != nil {
		t.Fatal(err)
	}
	e.seen = nil
	return e
}

// state is the configuration's assignments, straight from the store.
func (e *liveEmulator) state(t *testing.T) string { return spectest.Snapshot(t, e.store, liveConfig) }

func (e *liveEmulator) config(t *testing.T, writes, assign bool) contract.LiveConfig {
	return contract.LiveConfig{
		BaseURL:      e.srv.URL + server.DefaultBasePath,
		ConfigID:     liveConfig,
		Token:        spectest.Token(t, secret, specdoc.WriteScope()),
		NarrowToken:  spectest.Token(t, secret, "User.Read"),
		MaxBodyBytes: intake.DefaultMaxBodyBytes,
		AllowWrites:  writes,
		AllowAssign:  assign,
		HTTPClient:   e.srv.Client(),
	}
}

var seedBodies = []string{
	`{"id":"aaaaaaaa-0000-4000-8000-000000000001","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"bbbbbbbb-0000-4000-8000-000000000001"}}`,
	`{"id":"aaaaaaaa-0000-4000-8000-000000000002","target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}}`,
}

func outcomes(results []contract.Result) map[contract.Outcome][]string {
	m := map[contract.Outcome][]string{}
	for _, r := range results {
		m[r.Outcome] = append(m[r.Outcome], r.Case+": "+r.Message)
	}
	return m
}

// TestLiveRunAgainstEmulator runs the server cases against the emulator
// over loopback, as the command does, and requires every case that can be
// provoked from outside to pass and the configuration to be as it was.
func TestLiveRunAgainstEmulator(t *testing.T) {
	tests := []struct {
		name          string
		seed          []string
		writes, assgn bool
		// wantRun: every case not needing a fault runs (nothing else skipped).
		wantAllRun bool
	}{
		{name: "empty configuration, writes and assign", writes: true, assgn: true, wantAllRun: true},
		{name: "configuration with assignments, writes and assign", seed: seedBodies, writes: true, assgn: true, wantAllRun: true},
		{name: "read-only", seed: seedBodies},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLiveEmulator(t, tt.seed...)
			before := e.state(t)
			run, err := suite.NewLiveRun(e.config(t, tt.writes, tt.assgn))
			if err != nil {
				t.Fatal(err)
			}
			results, err := run.Run(context.Background(), suite.ServerCases(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != len(suite.ServerCases()) {
				t.Fatalf("%d results for %d cases", len(results), len(suite.ServerCases()))
			}
			faults := map[string]bool{}
			for _, c := range suite.ServerCases() {
				faults[c.Name] = c.Fault != contract.NoFault
			}
			got := outcomes(results)
			if len(got[contract.Failed]) > 0 {
				t.Errorf("failed cases:\n%s", strings.Join(got[contract.Failed], "\n"))
			}
			for _, r := range results {
				if r.Outcome != contract.Skipped {
					continue
				}
				fault := faults[r.Case]
				if tt.wantAllRun && !fault {
					t.Errorf("%s skipped: %s", r.Case, r.Message)
				}
				if fault && !strings.Contains(r.Message, "no request can cause") && !strings.Contains(r.Message, "flood") {
					t.Errorf("%s: skipped without the fault as reason: %s", r.Case, r.Message)
				}
			}
			if after := e.state(t); after != before {
				t.Errorf("the configuration changed:\nbefore %s\nafter  %s", before, after)
			}
			if !tt.writes {
				// Nothing that could write was sent with a valid token to
				// the configuration.
				for _, s := range e.seen {
					if !strings.HasPrefix(s, "GET ") && strings.Contains(s, liveConfig) && strings.Contains(s, "auth=Bearer") {
						t.Errorf("a read-only run sent %s", s)
					}
				}
			}
		})
	}
}

// TestLiveRunUndoesItsChanges interrupts runs and fails requests in the
// middle of them; every time, the assignments the run created are gone and
// the configuration holds what it held before.
func TestLiveRunUndoesItsChanges(t *testing.T) {
	isAssign := func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assign")
	}
	isCreate := func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assignments")
	}
	tests := []struct {
		name string
		// hook returns true to cancel the run at this request; status is
		// the injected answer, 0 to let the emulator answer.
		hook       func(n map[string]int, r *http.Request) (cancel bool, status int)
		wantFailed bool
	}{
		{
			name: "interrupted at the first assign",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				return isAssign(r) && n["assign"] == 1, 0
			},
		},
		{
			name: "interrupted at the third assign, a case in the middle",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				return isAssign(r) && n["assign"] == 3, 0
			},
		},
		{
			name: "interrupted at a create",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				return isCreate(r) && n["create"] == 4, 0
			},
		},
		{
			name: "the server fails an assign case in the middle",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				if isAssign(r) && n["assign"] == 3 {
					return false, http.StatusInternalServerError
				}
				return false, 0
			},
			wantFailed: true,
		},
		{
			name: "the server fails a restore once",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				if isAssign(r) && n["assign"] == 2 {
					return false, http.StatusBadGateway
				}
				return false, 0
			},
			wantFailed: true,
		},
		{
			name: "the server fails a clean-up delete once",
			hook: func(n map[string]int, r *http.Request) (bool, int) {
				if r.Method == http.MethodDelete && n["delete"] == 1 {
					return false, http.StatusBadGateway
				}
				return false, 0
			},
			wantFailed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLiveEmulator(t, seedBodies...)
			before := e.state(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			counts := map[string]int{}
			e.hook = func(r *http.Request) (int, bool) {
				if !strings.Contains(r.Header.Get("Authorization"), "Bearer") || !strings.Contains(r.URL.Path, liveConfig) {
					return 0, false
				}
				switch {
				case isAssign(r):
					counts["assign"]++
				case isCreate(r):
					counts["create"]++
				case r.Method == http.MethodDelete:
					counts["delete"]++
				}
				stop, status := tt.hook(counts, r)
				if stop {
					cancel()
				}
				return status, status != 0
			}
			run, err := suite.NewLiveRun(e.config(t, true, true))
			if err != nil {
				t.Fatal(err)
			}
			results, err := run.Run(ctx, suite.ServerCases(), nil)
			if err != nil {
				t.Fatalf("clean-up failed: %v", err)
			}
			faults := map[string]bool{}
			for _, c := range suite.ServerCases() {
				faults[c.Name] = c.Fault != contract.NoFault
			}
			got := outcomes(results)
			if tt.wantFailed != (len(got[contract.Failed]) > 0) {
				t.Errorf("failed cases: %q, want some: %v", got[contract.Failed], tt.wantFailed)
			}
			if ctx.Err() != nil {
				interrupted := 0
				for _, r := range results {
					if r.Message == "the run was interrupted" {
						interrupted++
					}
				}
				if interrupted == 0 {
					t.Error("the run went on after it was interrupted")
				}
			}
			if after := e.state(t); after != before {
				t.Errorf("the configuration was not given back:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestLiveRunHonoursRetryAfter: a 429 or 503 with Retry-After is retried,
// body and all, up to the configured number of times, and never fails a
// case by itself.
func TestLiveRunHonoursRetryAfter(t *testing.T) {
	const list, create = "listAssignments/server/firstPage", "createAssignment/server/group"
	tests := []struct {
		name       string
		run        string // the case
		method     string // of the requests refused
		status     int
		throttled  int // how many requests in a row are refused
		retries    int
		wantFailed bool
	}{
		{name: "429 once", run: list, method: http.MethodGet, status: http.StatusTooManyRequests, throttled: 1, retries: 2},
		{name: "503 twice", run: list, method: http.MethodGet, status: http.StatusServiceUnavailable, throttled: 2, retries: 2},
		{name: "more 429s than retries", run: list, method: http.MethodGet, status: http.StatusTooManyRequests, throttled: 3, retries: 2, wantFailed: true},
		{name: "429 to a create", run: create, method: http.MethodPost, status: http.StatusTooManyRequests, throttled: 1, retries: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLiveEmulator(t)
			refused := 0
			e.hook = func(r *http.Request) (int, bool) {
				if r.Method == tt.method && refused < tt.throttled {
					refused++
					return tt.status, true
				}
				return 0, false
			}
			cfg := e.config(t, tt.method != http.MethodGet, false)
			cfg.Retries, cfg.Rate = tt.retries, 1000
			run, err := suite.NewLiveRun(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var cases []contract.Case
			for _, c := range suite.ServerCases() {
				if c.Name == tt.run {
					cases = append(cases, c)
				}
			}
			results, err := run.Run(context.Background(), cases, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 1 || (results[0].Outcome == contract.Failed) != tt.wantFailed {
				t.Errorf("results %+v, want failed: %v", results, tt.wantFailed)
			}
			if refused != tt.throttled {
				t.Errorf("%d requests refused, want %d", refused, tt.throttled)
			}
		})
	}
}
