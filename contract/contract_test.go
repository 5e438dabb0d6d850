package contract_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/server"
)

var secret = []byte("contract-test-secret")

// emulator is the server under test: the real server stack, in process,
// with fresh state for every case.
var emulator = contract.ServerUnderTest{
	BasePath:     server.DefaultBasePath,
	MaxBodyBytes: server.DefaultMaxBodyBytes,
	NewHandler: func(fault contract.Fault) (http.Handler, error) {
		cfg := server.Config{
			BasePath: server.DefaultBasePath,
			Auth:     server.AuthConfig{HS256Secret: secret},
			Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		}
		switch fault {
		case contract.FaultThrottled:
			// One request an hour, and none in the bucket: the first is throttled.
			cfg.Throttle = &server.ThrottleConfig{RequestsPerSecond: 1.0 / 3600, Burst: 0}
		case contract.FaultBroken:
			cfg.Store = failingStore{err: errors.New("storage backend lost its disk")}
		case contract.FaultUnavailable:
			cfg.Store = failingStore{err: server.ErrUnavailable}
		case contract.FaultGatewayTimeout:
			// An injected fault: every request answers 504.
			retryAfter := 2.5
			cfg.Resilience.Faults = &server.FaultRules{Rules: []server.FaultRule{{
				Name: "time out", Action: server.FaultAction{Status: 504, RetryAfter: &retryAfter},
			}}}
		}
		return server.New(cfg)
	},
	Token: func(scopes ...string) (string, error) {
		return server.MintToken(server.TokenOptions{Scopes: scopes, HS256Secret: secret})
	},
}

// TestServerHonoursEveryExample sends every example of the spec through the
// server and drives it into every documented error.
func TestServerHonoursEveryExample(t *testing.T) {
	suite := loadSuite(t)
	for _, c := range suite.ServerCases() {
		t.Run(c.Name, func(t *testing.T) {
			if err := suite.RunServer(context.Background(), emulator, c); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestClientHonoursEveryExample replays every response example to the typed
// client and checks the request it sends against the request example.
func TestClientHonoursEveryExample(t *testing.T) {
	suite := loadSuite(t)
	for _, c := range suite.ClientCases() {
		t.Run(c.Name, func(t *testing.T) {
			if err := suite.RunClient(context.Background(), c); err != nil {
				t.Error(err)
			}
		})
	}
}

// failingStore fails every call with err.
type failingStore struct{ err error }

func (f failingStore) List(context.Context, string, int, int) ([]server.Assignment, int, error) {
	return nil, 0, f.err
}
func (f failingStore) Get(context.Context, string, string) (server.Assignment, error) {
	return server.Assignment{}, f.err
}
func (f failingStore) Create(context.Context, string, server.Assignment) error { return f.err }
func (f failingStore) Update(context.Context, string, string, func(server.Assignment) (server.Assignment, error)) (server.Assignment, error) {
	return server.Assignment{}, f.err
}
func (f failingStore) Delete(context.Context, string, string) error               { return f.err }
func (f failingStore) Replace(context.Context, string, []server.Assignment) error { return f.err }
