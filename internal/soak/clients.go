package soak

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
)

// newClient is a client of the API at origin, sending through rt with the
// tokens of ts.
func newClient(origin string, rt http.RoundTripper, ts oauth2.TokenSource) (*client.Client, error) {
	return client.New(
		client.WithBaseURL(origin+"/beta"),
		client.WithHTTPClient(&http.Client{Transport: rt}),
		client.WithTimeout(30*time.Second),
		client.WithTokenSource(ts),
		// Throttled and injected answers are retried as Graph asks, those
		// inside a batch too; the recorder below the client has seen them
		// all.
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 10, MaxElapsed: 30 * time.Second, BaseBackoff: 20 * time.Millisecond, MaxBackoff: time.Second, Jitter: 0.5}),
	)
}

// plainClient is the client of the plain HTTP listener, with a delegated
// token the soak mints with the emulator's development HS256 secret, as
// a test without the authority would.
func (r *run) plainClient() (*client.Client, error) {
	token, err := auth.MintToken(auth.TokenOptions{
		Scopes:      []string{specdoc.WriteScope()},
		AppID:       "intune-soak",
		HS256Secret: []byte(auth.DevSecret),
		TTL:         2*r.o.Duration + time.Hour,
	})
	if err != nil {
		return nil, err
	}
	rt := r.rec.wrap(&http.Transport{Proxy: nil, MaxIdleConnsPerHost: 2 * r.o.Workers})
	return newClient("http://"+r.emu.addr, rt, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}))
}

// secureClient is the client of the HTTPS listener, trusting the
// development CA only, as automation that authenticates as an app: its
// token comes from the emulator's token endpoint, by the client-credentials
// grant of the development app, and is fetched again when it expires.
// ctx bounds the token requests. The emulator must have started once.
func (r *run) secureClient(ctx context.Context) (*client.Client, error) {
	rt := r.rec.wrap(r.emu.httpsTransport(2 * r.o.Workers))
	origin := "https://" + r.emu.tlsAddr
	cc := clientcredentials.Config{
		ClientID:     identity.DevClientID,
		ClientSecret: identity.DevClientSecret,
		TokenURL:     fmt.Sprintf("%s/%s/oauth2/v2.0/token", origin, auth.DevTenantID),
		Scopes:       []string{"https://graph.microsoft.com/.default"},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: rt, Timeout: 30 * time.Second})
	return newClient(origin, rt, retryingTokens{ctx: ctx, next: cc.TokenSource(ctx)})
}

// tokenAttempts bounds the tries of one token: the token endpoint is
// throttled like the API (a POST, it counts as a write), and down while
// the emulator restarts.
const tokenAttempts = 20

// retryingTokens tries its source again when a token request fails, as
// the credential libraries do; next keeps a token until it expires.
type retryingTokens struct {
	ctx  context.Context
	next oauth2.TokenSource
}

func (t retryingTokens) Token() (*oauth2.Token, error) {
	var err error
	for attempt := 1; attempt <= tokenAttempts; attempt++ {
		var tok *oauth2.Token
		if tok, err = t.next.Token(); err == nil {
			return tok, nil
		}
		select {
		case <-t.ctx.Done():
			return nil, t.ctx.Err()
		case <-time.After(time.Duration(min(attempt, 10)) * 100 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("a token from the emulator's token endpoint, %d attempts: %w", tokenAttempts, err)
}
