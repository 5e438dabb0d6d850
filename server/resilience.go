package server

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/waits"
)

// ResilienceConfig is what lets callers test how their automation survives
// Graph's bad days. The zero value injects nothing, throttles as
// Config.Throttle says, and serves neither /metrics nor the admin
// endpoints.
type ResilienceConfig struct {
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

// resilience is the ResilienceConfig of a built server.
type resilience struct {
	throttle     admitter
	injector     *injector
	allowHeaders bool
	metrics      *metrics
	sleep        func(context.Context, time.Duration) error
	adminToken   string
	store        Store
	configIDs    []string
}

func newResilience(cfg Config, store Store, ops map[string]*operation) (*resilience, error) {
	rc := cfg.Resilience
	r := &resilience{allowHeaders: rc.AllowFaultHeaders, sleep: rc.Sleep, adminToken: rc.AdminToken, store: store}
	if r.sleep == nil {
		r.sleep = waits.Sleep
	}
	configs := cfg.Configurations
	if configs == nil {
		configs = DefaultConfigurations()
	}
	r.configIDs = configurationIDs(configs)
	if rc.Metrics {
		r.metrics = newMetrics(store, r.configIDs)
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
	case cfg.Throttle != nil:
		t, err := newThrottler(*cfg.Throttle)
		if err != nil {
			return nil, err
		}
		r.throttle = t
		if r.metrics != nil {
			r.throttle = countThrottled{t, r.metrics}
		}
	}
	if rc.Faults != nil {
		in, err := newInjector(rc.Faults, func(id string) bool { return ops[id] != nil })
		if err != nil {
			return nil, err
		}
		r.injector = in
	}
	return r, nil
}

// clock is the server's clock.
func (rc ResilienceConfig) clock() func() time.Time {
	if rc.Now != nil {
		return rc.Now
	}
	return time.Now
}

// around returns the middlewares of operation id around its guard:
// metrics outermost, so that they see every answer, then injected faults,
// which come before any check of the request.
func (r *resilience) around(id string, guard echo.MiddlewareFunc) []echo.MiddlewareFunc {
	var mw []echo.MiddlewareFunc
	if r.metrics != nil {
		mw = append(mw, r.metrics.observe(id))
	}
	if r.injector != nil || r.allowHeaders {
		mw = append(mw, r.injectFaults(id))
	}
	return append(mw, guard)
}

// register adds /metrics and the admin endpoints, when configured.
func (r *resilience) register(e *echo.Echo) {
	if r.metrics != nil {
		e.GET("/metrics", r.metrics.handler())
	}
	if r.adminToken != "" {
		r.registerAdmin(e)
	}
}
