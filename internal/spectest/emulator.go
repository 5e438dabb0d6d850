package spectest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/store"
)

// ExampleConfig is the configuration of the spec's examples, one of the
// emulator's built-in fixtures.
var ExampleConfig = specdoc.ExampleConfigID()

// Config is the emulator's configuration in tests: the built-in fixtures
// under /beta, tokens signed with secret, and no log.
func Config(secret []byte) server.Config {
	return server.Config{
		BasePath: server.DefaultBasePath,
		Auth:     auth.Config{HS256Secret: secret},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// MemStore is an empty MemStore of the built-in configurations, for a test
// that looks at the store behind the API.
func MemStore() *store.MemStore {
	var ids []string
	for _, c := range store.DefaultConfigurations() {
		ids = append(ids, c.ID)
	}
	return store.NewMemStore(ids)
}

// Emulator serves server.NewEcho(cfg) on loopback until the test ends, and
// returns a driver of its version root.
func Emulator(tb testing.TB, cfg server.Config) (*httptest.Server, *Driver) {
	tb.Helper()
	h, err := server.NewEcho(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv, &Driver{Base: srv.URL + cfg.BasePath, Client: srv.Client()}
}

// Token mints an HS256 token signed with secret that grants scopes.
func Token(tb testing.TB, secret []byte, scopes ...string) string {
	tb.Helper()
	tok, err := auth.MintToken(auth.TokenOptions{Scopes: scopes, HS256Secret: secret})
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// Seed creates each body (JSON) under configID through the API, as any
// caller would, with a token that may write; every create must answer 201.
func Seed(ctx context.Context, d *Driver, token, configID string, bodies ...string) error {
	for _, body := range bodies {
		resp, err := d.Do(ctx, Request{Method: http.MethodPost, Path: specdoc.AssignmentsPath(configID), Body: body, Token: token, Valid: true})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if resp.Status != http.StatusCreated {
			return fmt.Errorf("seed: status %d: %s", resp.Status, resp.Body)
		}
	}
	return nil
}
