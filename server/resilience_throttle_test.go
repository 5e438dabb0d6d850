package server_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
)

// TestThrottleAnswers429 gives each caller a bucket of two requests that
// refills once a minute: the third request of a caller is throttled with
// Retry-After, and another caller is not.
func TestThrottleAnswers429(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) {
		c.Throttle = &resilience.ThrottleConfig{RequestsPerSecond: 1.0 / 60, Burst: 2}
	})
	alice := token(t, auth.TokenOptions{Scopes: []string{readWrite}, ObjectID: "a1a1a1a1-0000-4000-8000-000000000001"})
	bob := token(t, auth.TokenOptions{Scopes: []string{readWrite}, ObjectID: "b0b0b0b0-0000-4000-8000-000000000002"})
	list := spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig)}

	tests := []struct {
		name   string
		token  string
		status int
	}{
		{"alice 1", alice, http.StatusOK},
		{"alice 2", alice, http.StatusOK},
		{"alice 3 is throttled", alice, http.StatusTooManyRequests},
		{"alice 4 is still throttled", alice, http.StatusTooManyRequests},
		{"bob has his own bucket", bob, http.StatusOK},
	}
	for _, tt := range tests {
		req := list
		req.Token = tt.token
		resp := emu.do(t, req)
		if resp.Status != tt.status {
			t.Fatalf("%s: status %d, want %d; body %s", tt.name, resp.Status, tt.status, resp.Body)
		}
		if tt.status != http.StatusTooManyRequests {
			continue
		}
		ge := checkGraphError(t, resp, http.StatusTooManyRequests, "TooManyRequests")
		retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || retry < 1 || retry > 60 {
			t.Errorf("%s: Retry-After %q, want whole seconds in 1..60", tt.name, resp.Header.Get("Retry-After"))
		}
		if want := fmt.Sprintf("Retry after %d seconds", retry); !strings.Contains(ge.Error.Message, want) {
			t.Errorf("%s: message %q does not say %q", tt.name, ge.Error.Message, want)
		}
	}
}

func TestThrottleConfigIsChecked(t *testing.T) {
	for _, cfg := range []resilience.ThrottleConfig{{RequestsPerSecond: 0}, {RequestsPerSecond: -1}, {RequestsPerSecond: 1, Burst: -1}} {
		c := testConfig(nil)
		c.Throttle = &cfg
		if _, err := server.NewEcho(c); err == nil {
			t.Errorf("New accepted throttle %+v", cfg)
		}
	}
}

// TestUnavailableStoreAnswers503 makes the store report that it cannot
// serve for now: every operation answers 503 with Retry-After.
func TestUnavailableStoreAnswers503(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) {
		c.Store = spectest.StoreFailing(fmt.Errorf("replica catching up: %w", store.ErrUnavailable))
	})
	allDevices := map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}
	for op, req := range map[string]spectest.Request{
		"listAssignments":  {Method: http.MethodGet, Path: assignmentsPath(knownConfig)},
		"createAssignment": {Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: map[string]any{"target": allDevices}},
		"deleteAssignment": {Method: http.MethodDelete, Path: assignmentPath(knownConfig, "a")},
		"assign":           {Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{}}},
	} {
		t.Run(op, func(t *testing.T) {
			req.Token = writer(t)
			resp := emu.do(t, req)
			ge := checkGraphError(t, resp, http.StatusServiceUnavailable, "ServiceUnavailable")
			if resp.Header.Get("Retry-After") != "30" {
				t.Errorf("Retry-After = %q, want 30", resp.Header.Get("Retry-After"))
			}
			if strings.Contains(ge.Error.Message, "replica") {
				t.Errorf("the cause reached the client: %s", ge.Error.Message)
			}
		})
	}
}
