package resilience

import (
	"net"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// faultOutcomeKey names, in the echo context, an answer that has no status:
// a reset connection or a body cut short. The metrics record it.
const faultOutcomeKey = "emulator.fault"

// injectFaults is operation id's fault middleware: the fault of the
// X-Emulator-Fault header (when allowed), else of the first rule that takes
// the request, else none.
func (r *Resilience) injectFaults(id string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			var f *fault
			source := "rules"
			if v := req.Header.Get(HeaderFault); r.allowHeaders && v != "" {
				var err error
				if f, err = parseFaultHeader(v); err != nil {
					return graphhttp.New(http.StatusBadRequest, "Invalid "+HeaderFault+" header: "+err.Error()).WithCause(err)
				}
				source = "header"
			} else if r.injector != nil {
				f = r.injector.pick(id, req.Method, req.URL.Path)
			}
			if f == nil {
				return next(c)
			}
			if r.metrics != nil {
				r.metrics.faults.WithLabelValues(id, f.kind, source).Inc()
			}
			switch f.kind {
			case "status":
				return faultAnswer(f)
			case "latency":
				if err := r.sleep(req.Context(), f.latency); err != nil {
					return err
				}
				return next(c)
			case "reset":
				return resetConnection(c)
			}
			return truncate(c, next)
		}
	}
}

// faultAnswer is the Graph error answer of a status fault.
func faultAnswer(f *fault) *graphhttp.Error {
	var ae *graphhttp.Error
	switch f.status {
	case http.StatusTooManyRequests:
		ae = graphhttp.New(f.status, "Too many requests. Please retry again later.")
	case http.StatusServiceUnavailable:
		ae = graphhttp.New(f.status, "The service is temporarily unavailable.")
	case http.StatusGatewayTimeout:
		ae = graphhttp.New(f.status, "The service did not answer in time.")
	default:
		ae = graphhttp.Internal(nil)
	}
	ae.Cause = graphhttp.ErrFaultInjected
	if f.retryAfter != "" {
		ae.Header = http.Header{"Retry-After": {f.retryAfter}}
	}
	return ae
}

// resetConnection drops the request's connection with a TCP RST, without
// an answer. A request that has no connection of its own, one over HTTP/2
// or one of a batch, is aborted instead: HTTP/2 resets its stream, and a
// batch drops its own connection.
func resetConnection(c echo.Context) error {
	c.Set(faultOutcomeKey, "reset")
	conn, _, err := http.NewResponseController(c.Response().Writer).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	c.Response().Committed = true
	return conn.Close()
}

// truncate serves the request, then sends its headers, with the whole
// body's Content-Length, and half of the body, and closes the connection.
func truncate(c echo.Context, next echo.HandlerFunc) error {
	res := c.Response()
	orig := res.Writer
	buf := &bufferedWriter{ResponseWriter: orig, status: http.StatusOK}
	res.Writer = buf
	if err := next(c); err != nil {
		c.Error(err)
	}
	res.Writer = orig
	if len(buf.body) == 0 {
		return resetConnection(c)
	}
	c.Set(faultOutcomeKey, "truncated")
	orig.Header().Set(echo.HeaderContentLength, strconv.Itoa(len(buf.body)))
	orig.WriteHeader(buf.status)
	_, _ = orig.Write(buf.body[:len(buf.body)/2])
	_ = http.NewResponseController(orig).Flush()
	// net/http closes the connection of a handler that aborts, and the
	// client reads a body shorter than its Content-Length.
	panic(http.ErrAbortHandler)
}

// bufferedWriter keeps the answer instead of sending it.
type bufferedWriter struct {
	http.ResponseWriter
	status int
	body   []byte
}

func (w *bufferedWriter) WriteHeader(status int) { w.status = status }
func (w *bufferedWriter) Write(p []byte) (int, error) {
	w.body = append(w.body, p...)
	return len(p), nil
}
