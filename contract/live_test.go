package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
)

const liveConfig = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"

// liveEmulator is the emulator on a loopback listener with its store at
// hand, behind an optional hook that sees (and may answer) each request.
type liveEmulator struct {
	t     *testing.T
	store *server.MemStore
	srv   *httptest.Server

	mu   sync.Mutex
	hook func(r *http.Request, body []byte) (status int, handled bool)
	seen []string // "METHOD path" of every request
}

func newLiveEmulator(t *testing.T) *liveEmulator {
	t.Helper()
	var ids []string
	for _, c := range server.DefaultConfigurations() {
		ids = append(ids, c.ID)
	}
	e := &liveEmulator{t: t, store: server.NewMemStore(ids)}
	h, err := server.New(server.Config{
		BasePath: server.DefaultBasePath,
		Store:    e.store,
		Auth:     server.AuthConfig{HS256Secret: secret},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		e.mu.Lock()
		e.seen = append(e.seen, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization"))
		hook := e.hook
		e.mu.Unlock()
		if hook != nil {
			if status, handled := hook(r, body); handled {
				w.Header().Set("request-id", "injected")
				if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
					w.Header().Set("Retry-After", "0")
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				io.WriteString(w, `{"error":{"code":"injected","message":"injected failure"}}`)
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *liveEmulator) token(t *testing.T, scopes ...string) string {
	t.Helper()
	tok, err := server.MintToken(server.TokenOptions{Scopes: scopes, HS256Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// seed stores assignments through the API, as any caller would.
func (e *liveEmulator) seed(t *testing.T, bodies ...string) {
	t.Helper()
	for _, body := range bodies {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/beta"+specdoc.AssignmentsPath(liveConfig), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.token(t, specdoc.WriteScope()))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("seed: status %d", resp.StatusCode)
		}
	}
}

// state is the configuration's assignments as JSON, straight from the store.
func (e *liveEmulator) state(t *testing.T) string {
	t.Helper()
	all, _, err := e.store.List(context.Background(), liveConfig, 0, server.MaxPageSize)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func (e *liveEmulator) config(t *testing.T, writes, assign bool) contract.LiveConfig {
	return contract.LiveConfig{
		BaseURL:      e.srv.URL + "/beta",
		ConfigID:     liveConfig,
		Token:        e.token(t, specdoc.WriteScope()),
		NarrowToken:  e.token(t, "User.Read"),
		MaxBodyBytes: server.DefaultMaxBodyBytes,
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
			e := newLiveEmulator(t)
			e.seed(t, tt.seed...)
			e.seen = nil
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
			got := outcomes(results)
			if len(got[contract.Failed]) > 0 {
				t.Errorf("failed cases:\n%s", strings.Join(got[contract.Failed], "\n"))
			}
			for _, r := range results {
				if r.Outcome != contract.Skipped {
					continue
				}
				fault := r.Status == "429" || r.Status == "500" || r.Status == "503" || r.Status == "504"
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
		hook       func(n map[string]int, r *http.Request, body []byte) (cancel bool, status int)
		wantFailed bool
	}{
		{
			name: "interrupted at the first assign",
			hook: func(n map[string]int, r *http.Request, _ []byte) (bool, int) {
				return isAssign(r) && n["assign"] == 1, 0
			},
		},
		{
			name: "interrupted at the third assign, a case in the middle",
			hook: func(n map[string]int, r *http.Request, _ []byte) (bool, int) {
				return isAssign(r) && n["assign"] == 3, 0
			},
		},
		{
			name: "interrupted at a create",
			hook: func(n map[string]int, r *http.Request, _ []byte) (bool, int) {
				return isCreate(r) && n["create"] == 4, 0
			},
		},
		{
			name: "the server fails an assign case in the middle",
			hook: func(n map[string]int, r *http.Request, body []byte) (bool, int) {
				if isAssign(r) && n["assign"] == 3 {
					return false, http.StatusInternalServerError
				}
				return false, 0
			},
			wantFailed: true,
		},
		{
			name: "the server fails a restore once",
			hook: func(n map[string]int, r *http.Request, body []byte) (bool, int) {
				if isAssign(r) && n["assign"] == 2 {
					return false, http.StatusBadGateway
				}
				return false, 0
			},
			wantFailed: true,
		},
		{
			name: "the server fails a clean-up delete once",
			hook: func(n map[string]int, r *http.Request, _ []byte) (bool, int) {
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
			e := newLiveEmulator(t)
			e.seed(t, seedBodies...)
			before := e.state(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			counts := map[string]int{}
			e.hook = func(r *http.Request, body []byte) (int, bool) {
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
				stop, status := tt.hook(counts, r, body)
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
// up to the configured number of times, and never fails a case by itself.
func TestLiveRunHonoursRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		throttled  int // how many requests in a row are refused
		retries    int
		wantFailed bool
	}{
		{name: "429 once", status: http.StatusTooManyRequests, throttled: 1, retries: 2},
		{name: "503 twice", status: http.StatusServiceUnavailable, throttled: 2, retries: 2},
		{name: "more 429s than retries", status: http.StatusTooManyRequests, throttled: 3, retries: 2, wantFailed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLiveEmulator(t)
			refused := 0
			e.hook = func(r *http.Request, _ []byte) (int, bool) {
				if refused < tt.throttled {
					refused++
					return tt.status, true
				}
				return 0, false
			}
			cfg := e.config(t, false, false)
			cfg.Retries, cfg.Rate = tt.retries, 1000
			run, err := suite.NewLiveRun(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var cases []contract.Case
			for _, c := range suite.ServerCases() {
				if c.Name == "listAssignments/server/firstPage" {
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
