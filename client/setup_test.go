package client_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
)

// The fixed values of the tests: the spec's example ids, and the prefix the
// fake Graph serves under, so that a client that builds its URLs from
// anything but its base URL fails.
const (
	assignmentID = "705b021c-021c-705b-1c02-5b701c025b70"
	prefix       = "/prefix/beta"
)

var configID = spectest.ExampleConfig

// newTestClient returns a client of the fake f with its token and a quick retry
// policy; opts come last and so override them.
func newTestClient(tb testing.TB, f *spectest.FakeGraph, opts ...client.Option) *client.Client {
	tb.Helper()
	c, err := client.New(append([]client.Option{
		client.WithBaseURL(f.URL),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})),
		client.WithRetryPolicy(quickRetries),
	}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// quickRetries retries with waits of a few milliseconds.
var quickRetries = client.RetryPolicy{
	MaxAttempts: 4,
	MaxElapsed:  time.Minute,
	BaseBackoff: time.Millisecond,
	MaxBackoff:  4 * time.Millisecond,
	Jitter:      0.5,
}

// emulatorSecret signs testToken, and the emulator verifies it.
var emulatorSecret = []byte("client-tests-secret")

// testToken is an access token the emulator accepts, with the write
// permission (which also grants the reads). It lives a day, for long fuzz
// runs, and is minted once: the examples have no testing.TB to mint it.
var testToken = func() string {
	tok, err := auth.MintToken(auth.TokenOptions{Scopes: []string{specdoc.WriteScope()}, TTL: 24 * time.Hour, HS256Secret: emulatorSecret})
	if err != nil {
		panic(err)
	}
	return tok
}()

// newEmulator is the real emulator of the assignments endpoints, mounted
// under prefix, with its built-in configurations (configID among them), an
// empty store and lists paged by pageSize unless $top says otherwise.
func newEmulator(pageSize int) http.Handler {
	cfg := spectest.Config(emulatorSecret)
	cfg.BasePath, cfg.PageSize = prefix, pageSize
	e, err := server.NewEcho(cfg)
	if err != nil {
		panic(err)
	}
	return e
}

// jsonValue is v as generic JSON, for comparing bodies whatever their Go
// type or key order.
func jsonValue(tb testing.TB, v any) any {
	tb.Helper()
	raw, ok := v.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			tb.Fatal(err)
		}
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("%v in %s", err, raw)
	}
	return out
}
