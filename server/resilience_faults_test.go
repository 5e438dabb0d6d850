package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

func rules(t *testing.T, yaml string) *resilience.FaultRules {
	t.Helper()
	r, err := resilience.ParseFaultRules([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFaultRuleKinds: each kind of rule, with a fixed seed; every answer
// is checked against the spec by e.do.
func TestFaultRuleKinds(t *testing.T) {
	list := spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)}
	t.Run("every n-th status with fractional Retry-After", func(t *testing.T) {
		e := startEmulator(t, func(c *server.Config) {
			c.Resilience.Faults = rules(t, "seed: 1\nrules:\n- {match: {operation: listAssignments, method: get, every: 3}, action: {status: 503, retryAfter: 1.5}}\n")
		})
		var got []int
		for range 6 {
			got = append(got, e.do(t, list).Status)
		}
		if want := []int{200, 200, 503, 200, 200, 503}; !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
	})
	for _, st := range []struct {
		status int
		code   string
	}{{429, "TooManyRequests"}, {500, "InternalServerError"}, {503, "ServiceUnavailable"}, {504, "GatewayTimeout"}} {
		t.Run("status "+strconv.Itoa(st.status)+" without Retry-After", func(t *testing.T) {
			e := startEmulator(t, func(c *server.Config) {
				c.Resilience.Faults = rules(t, "rules:\n- {match: {path: /beta/deviceManagement/deviceEnrollmentConfigurations/*/assignments}, action: {status: "+strconv.Itoa(st.status)+"}}\n")
			})
			resp := e.do(t, list)
			checkGraphError(t, resp, st.status, st.code)
			if v := resp.Header.Get("Retry-After"); v != "" {
				t.Errorf("Retry-After %q, want none", v)
			}
		})
	}
	t.Run("probability is deterministic with a seed", func(t *testing.T) {
		run := func() []int {
			e := startEmulator(t, func(c *server.Config) {
				c.Resilience.Faults = rules(t, `{"seed": 7, "rules": [{"match": {"probability": 0.5}, "action": {"status": 429, "retryAfter": 2}}]}`)
			})
			var got []int
			for range 12 {
				got = append(got, e.do(t, list).Status)
			}
			return got
		}
		a, b := run(), run()
		if !slices.Equal(a, b) {
			t.Errorf("two runs with seed 7 differ: %v, %v", a, b)
		}
		if n := count(a, 429); n == 0 || n == len(a) {
			t.Errorf("probability 0.5 threw %d of %d", n, len(a))
		}
	})
	t.Run("latency, fixed and drawn, on an injected sleep", func(t *testing.T) {
		var slept []time.Duration
		e := startEmulator(t, func(c *server.Config) {
			c.Resilience.Faults = rules(t, "seed: 3\nrules:\n- {match: {every: 2}, action: {latency: {distribution: uniform, min: 100ms, max: 200ms}}}\n- {action: {latency: {fixed: 250ms}}}\n")
			c.Resilience.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
		})
		for range 2 {
			if s := e.do(t, list).Status; s != 200 {
				t.Errorf("status %d after latency", s)
			}
		}
		if len(slept) != 2 || slept[0] != 250*time.Millisecond || slept[1] < 100*time.Millisecond || slept[1] > 200*time.Millisecond {
			t.Errorf("slept %v", slept)
		}
	})
	t.Run("reset and truncate", func(t *testing.T) {
		e := startEmulator(t, func(c *server.Config) {
			c.Resilience.Faults = rules(t, "rules:\n- {match: {method: GET}, action: {reset: true}}\n- {match: {method: POST}, action: {truncate: true}}\n")
		})
		req, _ := http.NewRequest(http.MethodGet, e.URL+assignmentsPath(knownConfig), nil)
		req.Header.Set("Authorization", "Bearer "+writer(t))
		if _, err := e.Client().Do(req); err == nil {
			t.Error("reset: got an answer")
		}
		req, _ = http.NewRequest(http.MethodPost, e.URL+assignmentsPath(knownConfig), strings.NewReader(seedJSON(t)))
		req.Header.Set("Authorization", "Bearer "+writer(t))
		req.Header.Set("Content-Type", "application/json")
		resp, err := e.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("truncate: %d, read error %v; want 201 and an unexpected EOF", resp.StatusCode, err)
		}
	})
	// Over HTTP/2 a request has no connection of its own to drop: its
	// stream is reset, and the connection serves the next request.
	t.Run("reset over HTTP/2", func(t *testing.T) {
		logs := &syncBuffer{}
		cfg := testConfig(logs)
		cfg.Resilience.Faults = rules(t, "rules:\n- {match: {operation: listAssignments}, action: {reset: true}}\n")
		cfg.Resilience.Metrics = true
		e, err := server.NewEcho(cfg)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(e)
		srv.EnableHTTP2 = true
		srv.StartTLS()
		defer srv.Close()
		get := func(path string) (*http.Response, error) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+writer(t))
			return srv.Client().Do(req)
		}
		if resp, err := get(assignmentsPath(knownConfig)); err == nil {
			resp.Body.Close()
			t.Fatalf("reset: got %s %d", resp.Proto, resp.StatusCode)
		}
		resp, err := get("/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 2 {
			t.Fatalf("the client spoke %s, want HTTP/2", resp.Proto)
		}
		if want := `intune_emulator_requests_total{operation="listAssignments",status="reset"} 1`; !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
		if l := logs.String(); strings.Contains(l, `"status":500`) || !strings.Contains(l, `"aborted":true`) {
			t.Errorf("want one access log line marked aborted and no 500:\n%s", l)
		}
	})
}

// TestNothingInjectedUnlessConfigured: without rules and without
// -allow-fault-headers, the fault header is ignored.
func TestNothingInjectedUnlessConfigured(t *testing.T) {
	e := startEmulator(t)
	for _, h := range []string{"503; retry-after=2", "reset", "500", "nonsense"} {
		resp := e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t), Header: map[string]string{resilience.HeaderFault: h}})
		if resp.Status != http.StatusOK {
			t.Errorf("%s: status %d, want 200", h, resp.Status)
		}
	}
}

// TestFaultHeader: allowed, the header provokes one exact failure.
func TestFaultHeader(t *testing.T) {
	e := startEmulator(t, func(c *server.Config) { c.Resilience.AllowFaultHeaders = true })
	do := func(h string) *spectest.Response {
		return e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t), Header: map[string]string{resilience.HeaderFault: h}})
	}
	resp := do("503; retry-after=2.128")
	checkGraphError(t, resp, 503, "ServiceUnavailable")
	if v := resp.Header.Get("Retry-After"); v != "2.128" {
		t.Errorf("Retry-After %q", v)
	}
	checkGraphError(t, do("504"), 504, "GatewayTimeout")
	checkGraphError(t, do("500"), 500, "InternalServerError")
	checkGraphError(t, do("418"), 400, "BadRequest")
	if s := e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)}).Status; s != 200 {
		t.Errorf("without the header: %d", s)
	}
	// The 5xx asked for are logged as information, never as the emulator's
	// own failures.
	logs := e.logs.String()
	if n := strings.Count(logs, `"level":"INFO","msg":"fault injected"`); n != 3 || strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("%d info lines of an injected fault (want 3: 503, 504, 500), errors logged: %v\n%s", n, strings.Contains(logs, `"level":"ERROR"`), logs)
	}
}

func TestFaultRulesRefused(t *testing.T) {
	for _, bad := range []string{"rules:\n- {action: {status: 502}}", "rules:\n- {action: {}}", "rules:\n- {action: {reset: true, truncate: true}}", "rules:\n- {match: {probability: 2}, action: {reset: true}}", "nope: 1"} {
		if _, err := resilience.ParseFaultRules([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	cfg := testConfig(io.Discard)
	cfg.Resilience.Faults = rules(t, "rules:\n- {match: {operation: listEverything}, action: {reset: true}}")
	if _, err := server.NewEcho(cfg); err == nil || !strings.Contains(err.Error(), `unknown operation "listEverything"`) {
		t.Errorf("unknown operation: %v", err)
	}
	if _, err := resilience.LoadFaultRules("/nonexistent/rules.yaml"); err == nil {
		t.Error("unreadable file accepted")
	}
}

// TestMetrics: /metrics lints clean and its counters move.
func TestMetrics(t *testing.T) {
	e := startEmulator(t, func(c *server.Config) {
		c.Resilience.Metrics = true
		c.Resilience.AllowFaultHeaders = true
		c.Resilience.IntuneThrottle = &resilience.IntuneThrottleConfig{RequestsPerTenant: 3}
	})
	e.create(t, seedBody(t, "seed-create-request.json"))
	e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t), Header: map[string]string{resilience.HeaderFault: "503"}})
	e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)})
	e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)})
	e.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)})
	body := e.do(t, spectest.Request{Method: http.MethodGet, Path: "/metrics"}).Body
	problems, err := testutil.GatherAndLint(prometheusGatherer(t, body))
	if err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", err, problems)
	}
	for _, want := range []string{
		`intune_emulator_requests_total{operation="createAssignment",status="201"} 1`,
		`intune_emulator_requests_total{operation="listAssignments",status="503"} 1`,
		`intune_emulator_requests_total{operation="listAssignments",status="429"} 1`,
		`intune_emulator_faults_injected_total{kind="status",operation="listAssignments",source="header"} 1`,
		`intune_emulator_throttled_requests_total{limit="requests per tenant",profile="intune"} 1`,
		`intune_emulator_assignments_stored{configuration="` + knownConfig + `"} 1`,
		`intune_emulator_request_duration_seconds_count{operation="listAssignments"} 4`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestAdmin: reset and state behind their own token; absent without it.
// TestAdmin runs the admin endpoints on every kind of store: the reset
// empties a durable store's file too, as a restart shows.
func TestAdmin(t *testing.T) {
	if s := startEmulator(t).do(t, spectest.Request{Method: http.MethodGet, Path: "/_emulator/state", Token: "x"}).Status; s != 404 {
		t.Errorf("admin without a token configured: %d, want 404", s)
	}
	for _, k := range storetest.Builtin {
		t.Run(k.Name, func(t *testing.T) {
			st := k.Make(t, store.ConfigurationIDs(store.DefaultConfigurations())...)
			e := startEmulator(t, func(c *server.Config) {
				c.Resilience.AdminToken = "admin-secret"
				c.Store = st
			})
			e.create(t, seedBody(t, "seed-create-request.json"))
			if s := e.do(t, spectest.Request{Method: http.MethodGet, Path: "/_emulator/state", Token: writer(t)}).Status; s != 401 {
				t.Errorf("state with an API token: %d, want 401", s)
			}
			var state struct {
				Configurations []struct {
					ID          string
					Assignments []map[string]any
				}
			}
			decode(t, e.do(t, spectest.Request{Method: http.MethodGet, Path: "/_emulator/state", Token: "admin-secret"}), &state)
			n := 0
			for _, c := range state.Configurations {
				n += len(c.Assignments)
			}
			if n != 1 {
				t.Errorf("state holds %d assignments, want 1", n)
			}
			if s := e.do(t, spectest.Request{Method: http.MethodPost, Path: "/_emulator/reset", Token: "admin-secret"}).Status; s != 204 {
				t.Errorf("reset: %d", s)
			}
			if all, _ := e.listAll(t, knownConfig, 0); len(all) != 0 {
				t.Errorf("after reset: %d assignments", len(all))
			}
			if k.Reopen == nil {
				return
			}
			e.Close()
			page, total, err := k.Reopen(t, st).List(context.Background(), knownConfig, 0, 10)
			if err != nil || total != 0 {
				t.Errorf("after reset and a restart: %d assignments (%v), %v", total, page, err)
			}
		})
	}
}

func count(a []int, v int) int {
	n := 0
	for _, x := range a {
		if x == v {
			n++
		}
	}
	return n
}
