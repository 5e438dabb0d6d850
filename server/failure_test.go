package server_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
)

// secret is in the failures below; it must reach the log, not the client.
// secretMark is the part the test looks for: it has letters outside hex,
// so it cannot turn up by chance inside a request id (a GUID).
const (
	secret     = "connection refused by postgres-primary.internal:5432"
	secretMark = "postgres-primary"
)

// TestFailuresAnswer500 makes the store fail under every operation, by an
// unexpected error and by a panic: each answers 500 in Graph's shape
// without the cause, and the log has the cause with the request id.
func TestFailuresAnswer500(t *testing.T) {
	failures := map[string]func() error{
		"error": func() error { return errors.New(secret) },
		"panic": func() error { panic(secret) },
	}
	allDevices := map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}
	requests := map[string]spectest.Request{
		"listAssignments":  {Method: http.MethodGet, Path: assignmentsPath(knownConfig)},
		"createAssignment": {Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: map[string]any{"target": allDevices}},
		"getAssignment":    {Method: http.MethodGet, Path: assignmentPath(knownConfig, "a")},
		"updateAssignment": {Method: http.MethodPatch, Path: assignmentPath(knownConfig, "a"), Body: map[string]any{"source": "direct"}},
		"deleteAssignment": {Method: http.MethodDelete, Path: assignmentPath(knownConfig, "a")},
		"assign":           {Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{}}},
	}
	for kind, fail := range failures {
		emu := startEmulator(t, func(c *server.Config) { c.Store = spectest.FailingStore{Fail: fail} })
		for op, req := range requests {
			t.Run(kind+"/"+op, func(t *testing.T) {
				req.Token = writer(t)
				resp := emu.do(t, req)
				ge := checkGraphError(t, resp, http.StatusInternalServerError, "InternalServerError")
				if strings.Contains(string(resp.Body), secretMark) {
					t.Errorf("the cause reached the client: %s", resp.Body)
				}
				logs := emu.logs.String()
				var logged bool
				for _, line := range strings.Split(logs, "\n") {
					if strings.Contains(line, `"request failed"`) && strings.Contains(line, value(ge.Error.InnerError.RequestId)) && strings.Contains(line, secretMark) {
						logged = true
					}
				}
				if !logged {
					t.Errorf("no error log line with request id %s and the cause:\n%s", value(ge.Error.InnerError.RequestId), logs)
				}
				if kind == "panic" && !strings.Contains(logs, "goroutine") {
					t.Error("a recovered panic was logged without its stack")
				}
			})
		}
	}
}
