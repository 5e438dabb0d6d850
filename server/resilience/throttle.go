package resilience

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// ThrottleConfig makes the emulator throttle like Graph does, so that
// callers can test their handling of 429 and Retry-After. Each caller (the
// token's tenant and object id) has its own token bucket.
type ThrottleConfig struct {
	// RequestsPerSecond is the rate at which a caller's bucket refills.
	RequestsPerSecond float64
	// Burst is the bucket's size: how many requests a caller can make at
	// once. 0 throttles every request.
	Burst int
}

// throttler answers 429 TooManyRequests, with Retry-After in whole seconds,
// to a caller whose bucket is empty. It holds one limiter per caller seen;
// an emulator's callers are few.
type throttler struct {
	cfg      ThrottleConfig
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newThrottler(cfg ThrottleConfig) (*throttler, error) {
	if cfg.RequestsPerSecond <= 0 || math.IsInf(cfg.RequestsPerSecond, 0) || math.IsNaN(cfg.RequestsPerSecond) {
		return nil, fmt.Errorf("throttle rate %v: must be a positive number of requests per second", cfg.RequestsPerSecond)
	}
	if cfg.Burst < 0 {
		return nil, fmt.Errorf("throttle burst %d: must not be negative", cfg.Burst)
	}
	return &throttler{cfg: cfg, limiters: map[string]*rate.Limiter{}}, nil
}

func (t *throttler) limiter(caller string) *rate.Limiter {
	t.mu.Lock()
	defer t.mu.Unlock()
	lim, ok := t.limiters[caller]
	if !ok {
		lim = rate.NewLimiter(rate.Limit(t.cfg.RequestsPerSecond), t.cfg.Burst)
		t.limiters[caller] = lim
	}
	return lim
}

// admit takes one request of the caller (the token's tenant and object
// id) from its bucket, or answers 429 with the wait until there is one.
func (t *throttler) Admit(claims *auth.Claims, _ string, now time.Time) *graphhttp.Error {
	lim := t.limiter(claims.TenantID + "/" + claims.ObjectID)
	if lim.AllowN(now, 1) {
		return nil
	}
	// The wait until one request's worth is back in the bucket.
	wait := time.Duration(float64(time.Second) / t.cfg.RequestsPerSecond)
	if t.cfg.Burst > 0 {
		r := lim.ReserveN(now, 1)
		wait = r.DelayFrom(now)
		r.CancelAt(now)
	}
	return tooManyRequests(wait)
}

// tooManyRequests is the 429 answer, asking the caller to wait.
func tooManyRequests(wait time.Duration) *graphhttp.Error {
	return graphhttp.RetryLater(http.StatusTooManyRequests, "Too many requests.", wait)
}
