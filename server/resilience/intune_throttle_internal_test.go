package resilience

import (
	"net/http"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// TestIntuneThrottleLimits counts each of Intune's four limits on an
// injected clock: the first limit reached throttles, with the wait until
// the oldest request of its window leaves it.
func TestIntuneThrottleLimits(t *testing.T) {
	t0 := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	appA := &auth.Claims{TenantID: "t1", AppID: "a"}
	appB := &auth.Claims{TenantID: "t1", AuthorizedParty: "b"}
	other := &auth.Claims{TenantID: "t2", AppID: "a"}
	tests := []struct {
		name string
		cfg  IntuneThrottleConfig
		// run sends requests and returns the throttled answer it expects.
		run func(th *intuneThrottler) *graphhttp.Error
		// wantWait is the Retry-After of that answer.
		wantWait string
	}{
		{"writes per app per tenant", IntuneThrottleConfig{}, func(th *intuneThrottler) *graphhttp.Error {
			for i := range IntuneWritesPerAppPerTenant {
				mustAdmit(t, th, appA, http.MethodPost, t0.Add(time.Duration(i)*time.Millisecond))
			}
			// Reads by the same app and writes by another app still pass.
			mustAdmit(t, th, appA, http.MethodGet, t0.Add(time.Second))
			mustAdmit(t, th, appB, http.MethodPatch, t0.Add(time.Second))
			return th.Admit(appA, http.MethodDelete, t0.Add(5*time.Second))
		}, "15"},
		{"writes per tenant", IntuneThrottleConfig{}, func(th *intuneThrottler) *graphhttp.Error {
			for i := range IntuneWritesPerTenant {
				c := appA
				if i%2 == 1 {
					c = appB
				}
				mustAdmit(t, th, c, http.MethodPost, t0.Add(time.Duration(i)*time.Millisecond))
			}
			mustAdmit(t, th, other, http.MethodPost, t0.Add(time.Second)) // another tenant
			return th.Admit(&auth.Claims{TenantID: "t1", AppID: "c"}, http.MethodPost, t0.Add(2128*time.Millisecond))
		}, "17.872"},
		{"requests per app per tenant", IntuneThrottleConfig{RequestsPerAppPerTenant: 3}, func(th *intuneThrottler) *graphhttp.Error {
			for i := range 3 {
				mustAdmit(t, th, appA, http.MethodGet, t0.Add(time.Duration(i)*time.Second))
			}
			return th.Admit(appA, http.MethodGet, t0.Add(10*time.Second))
		}, "10"},
		{"requests per tenant", IntuneThrottleConfig{RequestsPerTenant: 4}, func(th *intuneThrottler) *graphhttp.Error {
			for i := range 4 {
				c := appA
				if i%2 == 1 {
					c = appB
				}
				mustAdmit(t, th, c, http.MethodGet, t0)
			}
			return th.Admit(&auth.Claims{TenantID: "t1", AppID: "c"}, http.MethodGet, t0.Add(19999*time.Millisecond))
		}, "0.001"},
		{"scaled window", IntuneThrottleConfig{Window: 50 * time.Millisecond, WritesPerAppPerTenant: 2}, func(th *intuneThrottler) *graphhttp.Error {
			mustAdmit(t, th, appA, http.MethodPost, t0)
			mustAdmit(t, th, appA, http.MethodPost, t0.Add(10*time.Millisecond))
			return th.Admit(appA, http.MethodPost, t0.Add(20*time.Millisecond))
		}, "0.03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := newIntuneThrottler(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			ae := tt.run(th)
			if ae == nil {
				t.Fatal("not throttled")
			}
			if ae.Status != http.StatusTooManyRequests || ae.Code != "TooManyRequests" {
				t.Errorf("answer %d %s, want 429 TooManyRequests", ae.Status, ae.Code)
			}
			if got := ae.Header.Get("Retry-After"); got != tt.wantWait {
				t.Errorf("Retry-After = %q, want %q", got, tt.wantWait)
			}
		})
	}
}

// TestIntuneThrottleSlides: the window slides, so a request is admitted as
// soon as the oldest one of the window leaves it, not at a fixed boundary;
// and a throttled request is not counted.
func TestIntuneThrottleSlides(t *testing.T) {
	t0 := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	th, err := newIntuneThrottler(IntuneThrottleConfig{WritesPerAppPerTenant: 2})
	if err != nil {
		t.Fatal(err)
	}
	c := &auth.Claims{TenantID: "t", AppID: "a"}
	mustAdmit(t, th, c, http.MethodPost, t0)
	mustAdmit(t, th, c, http.MethodPost, t0.Add(15*time.Second))
	for range 5 {
		if th.Admit(c, http.MethodPost, t0.Add(19*time.Second)) == nil {
			t.Fatal("third write in the window admitted")
		}
	}
	// At t0+20s the first write leaves the window: one more fits.
	mustAdmit(t, th, c, http.MethodPost, t0.Add(20*time.Second))
	ae := th.Admit(c, http.MethodPost, t0.Add(21*time.Second))
	if ae == nil || ae.Header.Get("Retry-After") != "14" {
		t.Fatalf("got %v, want 429 with Retry-After 14 (the write of t0+15s leaves at t0+35s)", ae)
	}
	// A fixed 20 s window would have admitted both writes at t0+20s.
}

func mustAdmit(t *testing.T, th *intuneThrottler, c *auth.Claims, method string, now time.Time) {
	t.Helper()
	if ae := th.Admit(c, method, now); ae != nil {
		t.Fatalf("%s at %v throttled: %v", method, now, ae)
	}
}

func TestNewIntuneThrottlerRefusesNegatives(t *testing.T) {
	for _, cfg := range []IntuneThrottleConfig{{Window: -1}, {WritesPerTenant: -1}} {
		if _, err := newIntuneThrottler(cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}
