package identity_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// TestTokenEndpointFaults injects each fault status on the token endpoint
// with the fault header: the answer keeps its status and Retry-After, in
// Entra's shape, so that a credential's retries can be tested.
func TestTokenEndpointFaults(t *testing.T) {
	a := startAuthority(t, func(c *server.Config) { c.Resilience.AllowFaultHeaders = true })
	tests := []struct {
		fault      string
		status     int
		code       string
		aadsts     int
		retryAfter string
	}{
		{"429; retry-after=2", 429, "temporarily_unavailable", 90055, "2"},
		{"503; retry-after=1.5", 503, "temporarily_unavailable", 90006, "1.5"},
		{"504", 504, "temporarily_unavailable", 90006, ""},
		{"500", 500, "server_error", 50000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.tokenURL(tenant), strings.NewReader(secretForm(writerID, writerSecret).Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(resilience.HeaderFault, tt.fault)
			got := a.send(t, req)
			checkEntraError(t, got, tt.status, tt.code, tt.aadsts)
			if ra := got.header.Get("Retry-After"); ra != tt.retryAfter {
				t.Errorf("Retry-After %q, want %q", ra, tt.retryAfter)
			}
		})
	}
}

// TestTokenEndpointFaultRules names the token endpoint in a fault rule, by
// its operation id: every second token request times out.
func TestTokenEndpointFaultRules(t *testing.T) {
	rules, err := resilience.ParseFaultRules([]byte("rules:\n  - match: {operation: requestToken, every: 2}\n    action: {status: 503, retryAfter: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := startAuthority(t, func(c *server.Config) { c.Resilience.Faults = rules })
	for i, want := range []int{200, 503, 200, 503} {
		if got := a.post(t, tenant, secretForm(writerID, writerSecret), nil); got.status != want {
			t.Errorf("request %d: %d, want %d: %s", i+1, got.status, want, got.raw)
		}
	}
}

// TestTokenEndpointThrottled throttles token requests per tenant and
// client, as the Graph routes are throttled per caller: a second client
// still gets its token.
func TestTokenEndpointThrottled(t *testing.T) {
	a := startAuthority(t, func(c *server.Config) {
		c.Throttle = &resilience.ThrottleConfig{RequestsPerSecond: 0.001, Burst: 1}
	})
	if got := a.post(t, tenant, secretForm(writerID, writerSecret), nil); got.status != http.StatusOK {
		t.Fatalf("first request: %d %s", got.status, got.raw)
	}
	got := a.post(t, tenant, secretForm(writerID, writerSecret), nil)
	checkEntraError(t, got, 429, "temporarily_unavailable", 90055)
	if got.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if other := a.post(t, tenant, secretForm(readerID, readerSecret), nil); other.status != http.StatusOK {
		t.Errorf("another client: %d %s", other.status, other.raw)
	}
}
