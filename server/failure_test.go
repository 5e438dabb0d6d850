package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// faultyStore is a Store whose every method fails the way fail says:
// by panicking or by returning an error the handlers do not expect.
type faultyStore struct {
	fail func() error
}

var _ server.Store = faultyStore{}

func (s faultyStore) List(ctx context.Context, c string, skip, top int) ([]server.Assignment, int, error) {
	return nil, 0, s.fail()
}
func (s faultyStore) Get(ctx context.Context, c, id string) (server.Assignment, error) {
	return server.Assignment{}, s.fail()
}
func (s faultyStore) Create(ctx context.Context, c string, a server.Assignment) error {
	return s.fail()
}
func (s faultyStore) Update(ctx context.Context, c, id string, f func(server.Assignment) (server.Assignment, error)) (server.Assignment, error) {
	return server.Assignment{}, s.fail()
}
func (s faultyStore) Delete(ctx context.Context, c, id string) error { return s.fail() }
func (s faultyStore) Replace(ctx context.Context, c string, a []server.Assignment) error {
	return s.fail()
}

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
	requests := map[string]request{
		"listAssignments":  {method: http.MethodGet, path: assignmentsPath(knownConfig)},
		"createAssignment": {method: http.MethodPost, path: assignmentsPath(knownConfig), body: map[string]any{"target": allDevices}},
		"getAssignment":    {method: http.MethodGet, path: assignmentPath(knownConfig, "a")},
		"updateAssignment": {method: http.MethodPatch, path: assignmentPath(knownConfig, "a"), body: map[string]any{"source": "direct"}},
		"deleteAssignment": {method: http.MethodDelete, path: assignmentPath(knownConfig, "a")},
		"assign":           {method: http.MethodPost, path: assignPath(knownConfig), body: map[string]any{"enrollmentConfigurationAssignments": []any{}}},
	}
	for kind, fail := range failures {
		emu := startEmulator(t, func(c *server.Config) { c.Store = faultyStore{fail: fail} })
		for op, req := range requests {
			t.Run(kind+"/"+op, func(t *testing.T) {
				req.token = writer(t)
				resp := emu.do(t, req)
				ge := checkGraphError(t, resp, http.StatusInternalServerError, "InternalServerError")
				if strings.Contains(string(resp.body), secretMark) {
					t.Errorf("the cause reached the client: %s", resp.body)
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
