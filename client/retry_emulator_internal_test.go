package client

import (
	"context"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// retryingAgainst starts the real emulator with change applied, on clk
// (which the emulator and the client share), and a client whose retries
// sleep on clk.
func retryingAgainst(t *testing.T, clk *clock, policy RetryPolicy, change func(*server.Config)) *Client {
	t.Helper()
	secret := []byte("retry-test-secret")
	cfg := spectest.Config(secret)
	cfg.Resilience.Now = clk.now
	change(&cfg)
	_, emulator := spectest.Emulator(t, cfg)
	// Minted on clk, by which the emulator judges tokens, for an app, by
	// which the intune throttle counts.
	tok, err := auth.MintToken(auth.TokenOptions{Scopes: []string{specdoc.WriteScope()}, HS256Secret: secret, AppID: "app", IssuedAt: clk.now()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(WithBaseURL(emulator.Base), WithRetryPolicy(policy),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})))
	if err != nil {
		t.Fatal(err)
	}
	d := c.doer.(*retryDoer)
	d.now, d.sleep = clk.now, clk.sleep
	return c
}

// TestRetryObeysIntuneRetryAfter: throttled by the intune profile, the
// client waits exactly the Retry-After it is given, then succeeds.
func TestRetryObeysIntuneRetryAfter(t *testing.T) {
	clk := &clock{t: time.Now()}
	policy := RetryPolicy{MaxAttempts: 3, MaxElapsed: time.Minute, BaseBackoff: time.Second, MaxBackoff: 4 * time.Second}
	c := retryingAgainst(t, clk, policy, func(cfg *server.Config) {
		cfg.Resilience.IntuneThrottle = &resilience.IntuneThrottleConfig{Window: 2 * time.Second, RequestsPerAppPerTenant: 1}
	})
	ctx := context.Background()
	for i := range 2 {
		if _, err := c.ListAssignmentsPage(ctx, spectest.ExampleConfig, ListOptions{}); err != nil {
			t.Fatalf("list %d: %v", i, err)
		}
	}
	// The second list was throttled once, 0 s after the first: it waited
	// the whole window.
	if len(clk.sleeps) != 1 || clk.sleeps[0] != 2*time.Second {
		t.Errorf("slept %v, want [2s] (the Retry-After)", clk.sleeps)
	}
}

// TestRetryBacksOffWithoutRetryAfter: injected 429 and 503 without
// Retry-After are retried after the policy's own backoff.
func TestRetryBacksOffWithoutRetryAfter(t *testing.T) {
	clk := &clock{t: time.Now()}
	policy := RetryPolicy{MaxAttempts: 4, MaxElapsed: time.Minute, BaseBackoff: time.Second, MaxBackoff: 8 * time.Second}
	rules, err := resilience.ParseFaultRules([]byte("seed: 1\nrules:\n- {match: {every: 3}, action: {status: 504, retryAfter: 0.25}}\n- {match: {operation: listAssignments, every: 1}, action: {status: 429}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	// Requests 1, 2: 429 without Retry-After; 3: 504 with 0.25 s; 4: 429.
	c := retryingAgainst(t, clk, policy, func(cfg *server.Config) { cfg.Resilience.Faults = rules })
	_, err = c.ListAssignmentsPage(context.Background(), spectest.ExampleConfig, ListOptions{})
	if err == nil {
		t.Fatal("succeeded through a rule that throttles every list")
	}
	want := []time.Duration{time.Second, 2 * time.Second, 250 * time.Millisecond}
	if len(clk.sleeps) != len(want) {
		t.Fatalf("slept %v, want %v", clk.sleeps, want)
	}
	for i := range want {
		if clk.sleeps[i] != want[i] {
			t.Errorf("sleep %d = %v, want %v", i, clk.sleeps[i], want[i])
		}
	}
}
