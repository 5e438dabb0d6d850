package resilience

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// IntuneWindow is the window of Intune's published service limits.
const IntuneWindow = 20 * time.Second

// Intune's published limits per IntuneWindow (Microsoft Graph throttling
// limits, "Intune service limits").
const (
	IntuneWritesPerAppPerTenant   = 100
	IntuneWritesPerTenant         = 200
	IntuneRequestsPerAppPerTenant = 1000
	IntuneRequestsPerTenant       = 2000
)

// IntuneThrottleConfig throttles like Intune: per app per tenant and per
// tenant, for writes (POST, PUT, PATCH, DELETE) and for any request.
//
// The windows slide: a request is admitted when fewer than the limit of
// requests of its kind were admitted in the window that ends at the
// request. Graph states its limits "per 20 seconds" without fixed
// boundaries, and a sliding window never lets through the double burst
// that a fixed window allows across a boundary. A throttled request is not
// counted, so a caller that waits Retry-After is admitted.
type IntuneThrottleConfig struct {
	// Window is the length of every window; 0 means IntuneWindow. A
	// shorter one lets a test reach a limit in milliseconds.
	Window time.Duration
	// The limits; 0 means Intune's published value.
	WritesPerAppPerTenant   int
	WritesPerTenant         int
	RequestsPerAppPerTenant int
	RequestsPerTenant       int
}

// intuneLimit is one of the four limits.
type intuneLimit struct {
	name   string
	writes bool // counts writes only
	perApp bool // per app per tenant, else per tenant
	max    int
}

// intuneThrottler counts the requests of each limit's key in a sliding
// window: the admission times of the last max requests, oldest first.
type intuneThrottler struct {
	window time.Duration
	limits []intuneLimit
	mu     sync.Mutex
	seen   map[string][]time.Time
	// throttled, when set, is told which limit throttled a request.
	throttled func(limit string)
}

func newIntuneThrottler(cfg IntuneThrottleConfig) (*intuneThrottler, error) {
	or := func(v, def int) (int, error) {
		if v < 0 {
			return 0, fmt.Errorf("intune throttle limit %d: must not be negative", v)
		}
		if v == 0 {
			return def, nil
		}
		return v, nil
	}
	if cfg.Window < 0 {
		return nil, fmt.Errorf("intune throttle window %v: must be positive", cfg.Window)
	}
	if cfg.Window == 0 {
		cfg.Window = IntuneWindow
	}
	t := &intuneThrottler{window: cfg.Window, seen: map[string][]time.Time{}}
	for _, l := range []struct {
		name           string
		writes, perApp bool
		v, def         int
	}{
		{"writes per app per tenant", true, true, cfg.WritesPerAppPerTenant, IntuneWritesPerAppPerTenant},
		{"writes per tenant", true, false, cfg.WritesPerTenant, IntuneWritesPerTenant},
		{"requests per app per tenant", false, true, cfg.RequestsPerAppPerTenant, IntuneRequestsPerAppPerTenant},
		{"requests per tenant", false, false, cfg.RequestsPerTenant, IntuneRequestsPerTenant},
	} {
		v, err := or(l.v, l.def)
		if err != nil {
			return nil, err
		}
		t.limits = append(t.limits, intuneLimit{name: l.name, writes: l.writes, perApp: l.perApp, max: v})
	}
	return t, nil
}

// isWrite reports whether Intune counts method against its write limits.
func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// admit counts the request against every limit that applies, or answers
// 429 with the wait until the first limit reached has room again. Nothing
// is counted for a throttled request.
func (t *intuneThrottler) Admit(claims *auth.Claims, method string, now time.Time) *graphhttp.Error {
	write := isWrite(method)
	t.mu.Lock()
	defer t.mu.Unlock()
	var keys []string
	for _, l := range t.limits {
		if l.writes && !write {
			continue
		}
		key := l.name + "|" + claims.TenantID
		if l.perApp {
			key += "|" + claims.App()
		}
		times := t.prune(key, now)
		if len(times) >= l.max {
			wait := time.Duration(0)
			if l.max > 0 {
				wait = times[len(times)-l.max].Add(t.window).Sub(now)
			} else {
				wait = t.window
			}
			if t.throttled != nil {
				t.throttled(l.name)
			}
			return intuneTooManyRequests(wait)
		}
		keys = append(keys, key)
	}
	for _, key := range keys {
		t.seen[key] = append(t.seen[key], now)
	}
	return nil
}

// prune drops the times of key that are out of the window ending at now.
func (t *intuneThrottler) prune(key string, now time.Time) []time.Time {
	times := t.seen[key]
	i := 0
	for i < len(times) && !times[i].After(now.Add(-t.window)) {
		i++
	}
	if i > 0 {
		times = append(times[:0], times[i:]...)
		t.seen[key] = times
	}
	return times
}

// intuneTooManyRequests is Graph's 429 with a Retry-After in seconds to the
// millisecond, the fractional form of Graph's documented sample (2.128),
// at least one millisecond.
func intuneTooManyRequests(wait time.Duration) *graphhttp.Error {
	wait = max(wait, time.Millisecond)
	ae := graphhttp.New(http.StatusTooManyRequests, "Too many requests. Please retry again later.")
	ae.Header = http.Header{"Retry-After": {formatSeconds(wait)}}
	return ae
}

// formatSeconds writes d as seconds with at most three decimals, rounded up.
func formatSeconds(d time.Duration) string {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
}
