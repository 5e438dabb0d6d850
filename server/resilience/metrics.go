package resilience

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/store"
)

// metrics are the emulator's Prometheus metrics, in a registry of its own.
type metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	faults    *prometheus.CounterVec
	throttled *prometheus.CounterVec
}

func newMetrics(st store.Store, configIDs []string) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "intune_emulator_requests_total",
			Help: "Requests answered, by operation and status (reset or truncated for a dropped answer).",
		}, []string{"operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "intune_emulator_request_duration_seconds",
			Help:    "Time to answer a request, by operation.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "intune_emulator_faults_injected_total",
			Help: "Faults injected, by operation, kind (status, latency, reset, truncate) and source (rules or header).",
		}, []string{"operation", "kind", "source"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "intune_emulator_throttled_requests_total",
			Help: "Requests answered 429 by the throttling profile, by profile and limit.",
		}, []string{"profile", "limit"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.faults, m.throttled,
		assignmentsCollector{store: st, configIDs: configIDs},
		// The process's own: goroutines, memory, open files. A long run
		// (make soak) watches them settle.
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe is operation id's metrics middleware. It answers an error itself
// (as accessLog does) so that the status it records is the one sent.
func (m *metrics) observe(id string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			// Deferred: a body cut short ends the request with a panic. A
			// panic is looked at, counted and passed on, to the recovery
			// that answers it.
			defer func() {
				r := recover()
				status := strconv.Itoa(c.Response().Status)
				switch outcome, ok := c.Get(faultOutcomeKey).(string); {
				case ok:
					status = outcome
				case r == http.ErrAbortHandler:
					// A batch that drops its connection because a request
					// inside it asked for a reset: net/http drops the
					// connection of a handler that aborts.
					status = "reset"
				case r != nil:
					// A panic, which the emulator answers with 500.
					status = strconv.Itoa(http.StatusInternalServerError)
				}
				m.requests.WithLabelValues(id, status).Inc()
				m.latency.WithLabelValues(id).Observe(time.Since(start).Seconds())
				if r != nil {
					panic(r)
				}
			}()
			if err := next(c); err != nil {
				c.Error(err)
			}
			return nil
		}
	}
}

func (m *metrics) handler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
}

// countThrottled counts the 429s of the custom token bucket.
type countThrottled struct {
	inner   Admitter
	metrics *metrics
}

func (t countThrottled) Admit(claims *auth.Claims, method string, now time.Time) *graphhttp.Error {
	ae := t.inner.Admit(claims, method, now)
	if ae != nil {
		t.metrics.throttled.WithLabelValues("custom", "token bucket").Inc()
	}
	return ae
}

// assignmentsCollector reports the assignments stored, per configuration,
// read from the store at each scrape.
type assignmentsCollector struct {
	store     store.Store
	configIDs []string
}

var assignmentsDesc = prometheus.NewDesc("intune_emulator_assignments_stored",
	"Assignments stored, by device enrollment configuration.", []string{"configuration"}, nil)

func (a assignmentsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- assignmentsDesc }

func (a assignmentsCollector) Collect(ch chan<- prometheus.Metric) {
	for _, id := range a.configIDs {
		_, total, err := a.store.List(context.Background(), id, 0, 0)
		if err != nil {
			continue
		}
		ch <- prometheus.MustNewConstMetric(assignmentsDesc, prometheus.GaugeValue, float64(total), id)
	}
}
