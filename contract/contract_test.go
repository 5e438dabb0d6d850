package contract_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
)

var secret = []byte("contract-test-secret")

// emulator is the server under test: the real server stack, in process,
// with fresh state for every case.
var emulator = contract.ServerUnderTest{
	BasePath:     server.DefaultBasePath,
	MaxBodyBytes: intake.DefaultMaxBodyBytes,
	NewHandler: func(fault contract.Fault) (http.Handler, error) {
		cfg := spectest.Config(secret)
		switch fault {
		case contract.FaultThrottled:
			// One request an hour, and none in the bucket: the first is throttled.
			cfg.Throttle = &resilience.ThrottleConfig{RequestsPerSecond: 1.0 / 3600, Burst: 0}
		case contract.FaultBroken:
			cfg.Store = spectest.StoreFailing(errors.New("storage backend lost its disk"))
		case contract.FaultUnavailable:
			cfg.Store = spectest.StoreFailing(store.ErrUnavailable)
		case contract.FaultGatewayTimeout:
			// An injected fault: every request answers 504.
			retryAfter := 2.5
			cfg.Resilience.Faults = &resilience.FaultRules{Rules: []resilience.FaultRule{{
				Name: "time out", Action: resilience.FaultAction{Status: 504, RetryAfter: &retryAfter},
			}}}
		}
		return server.NewEcho(cfg)
	},
	Token: func(scopes ...string) (string, error) {
		return auth.MintToken(auth.TokenOptions{Scopes: scopes, HS256Secret: secret})
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
