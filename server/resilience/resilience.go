package resilience

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/waits"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/store"
)

// Config is what lets callers test how their automation survives Graph's
// bad days. The zero value injects nothing, throttles as the server's
// token bucket says, and serves neither /metrics nor the admin endpoints.
type Config struct {
	// IntuneThrottle, when set, throttles at Intune's published limits
	// instead of Config.Throttle's token bucket.
	IntuneThrottle *IntuneThrottleConfig
	// Faults are the fault injection rules; nil injects nothing.
	Faults *FaultRules
	// AllowFaultHeaders honours the X-Emulator-Fault request header.
	// Off, the header is ignored.
	AllowFaultHeaders bool
	// Metrics serves /metrics in Prometheus's text format.
	Metrics bool
	// AdminToken, when set, serves POST /_emulator/reset and GET
	// /_emulator/state to requests with "Authorization: Bearer <AdminToken>".
	AdminToken string
	// Now is the clock of throttling and tokens; nil means time.Now.
	Now func() time.Time
	// Sleep waits out injected latency; nil waits on a timer.
	Sleep func(context.Context, time.Duration) error
}

// Admitter decides whether a caller is throttled: the custom token bucket
// (throttler) or Intune's published limits (intuneThrottler).
type Admitter interface {
	Admit(claims *auth.Claims, method string, now time.Time) *graphhttp.Error
}

// Resilience is the Config of a built server: the middlewares around each
// operation's guard, the throttle the guard asks, and the endpoints of
// /metrics and the admin.
type Resilience struct {
	throttle     Admitter
	injector     *injector
	allowHeaders bool
	metrics      *metrics
	sleep        func(context.Context, time.Duration) error
	adminToken   string
	store        store.Store
	configIDs    []string
}

// New builds rc for a server over st, whose configurations are configIDs
// and whose operation ids isOperation knows; bucket is the server's token
// bucket, used when rc does not ask for Intune's limits, nil for none.
func New(rc Config, bucket *ThrottleConfig, st store.Store, configIDs []string, isOperation func(id string) bool) (*Resilience, error) {
	r := &Resilience{allowHeaders: rc.AllowFaultHeaders, sleep: rc.Sleep, adminToken: rc.AdminToken, store: st, configIDs: configIDs}
	if r.sleep == nil {
		r.sleep = waits.Sleep
	}
	if rc.Metrics {
		r.metrics = newMetrics(st, r.configIDs)
	}
	switch {
	case rc.IntuneThrottle != nil:
		t, err := newIntuneThrottler(*rc.IntuneThrottle)
		if err != nil {
			return nil, err
		}
		if r.metrics != nil {
			t.throttled = func(limit string) { r.metrics.throttled.WithLabelValues("intune", limit).Inc() }
		}
		r.throttle = t
	case bucket != nil:
		t, err := newThrottler(*bucket)
		if err != nil {
			return nil, err
		}
		r.throttle = t
		if r.metrics != nil {
			r.throttle = countThrottled{t, r.metrics}
		}
	}
	if rc.Faults != nil {
		in, err := newInjector(rc.Faults, isOperation)
		if err != nil {
			return nil, err
		}
		r.injector = in
	}
	return r, nil
}

// Clock is the server's clock.
func (rc Config) Clock() func() time.Time {
	if rc.Now != nil {
		return rc.Now
	}
	return time.Now
}

// Throttle is what the guard asks whether a caller is throttled, or nil
// when nothing throttles.
func (r *Resilience) Throttle() Admitter { return r.throttle }

// Around returns the middlewares of operation id around its guard (nil
// for none): metrics outermost, so that they see every answer, then
// injected faults, which come before any check of the request.
func (r *Resilience) Around(id string, guard echo.MiddlewareFunc) []echo.MiddlewareFunc {
	var mw []echo.MiddlewareFunc
	if r.metrics != nil {
		mw = append(mw, r.metrics.observe(id))
	}
	if r.injector != nil || r.allowHeaders {
		mw = append(mw, r.injectFaults(id))
	}
	if guard != nil {
		mw = append(mw, guard)
	}
	return mw
}

// Measure returns the metrics middleware of operation id, when metrics are
// on, around its guard: the chain of an operation on which no fault acts.
func (r *Resilience) Measure(id string, guard echo.MiddlewareFunc) []echo.MiddlewareFunc {
	if r.metrics == nil {
		return []echo.MiddlewareFunc{guard}
	}
	return []echo.MiddlewareFunc{r.metrics.observe(id), guard}
}

// Register adds /metrics and the admin endpoints, when configured.
func (r *Resilience) Register(e *echo.Echo) {
	if r.metrics != nil {
		e.GET("/metrics", r.metrics.handler())
	}
	if r.adminToken != "" {
		r.registerAdmin(e)
	}
}
