package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/intake"
)

// everyRequest is the one middleware that echo runs for every request,
// after routing, before the route's own: in order, it routes a path
// written in another case again (see caseInsensitivePaths), gives the
// request its RequestInfo, recovers a panic below it, refuses OPTIONS,
// answers an error through the HTTPErrorHandler, writes the access log
// line, and gives the request's body back to the intake's pool. One middleware rather than one for each step, because echo
// applies its middlewares to the route's handler again on every request,
// at an allocation each.
type everyRequest struct {
	logger   *slog.Logger
	requests *graphhttp.Requests
	paths    caseInsensitivePaths
}

func (m *everyRequest) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := next
		if m.paths.reroute(c) {
			h = c.Handler()
		}
		m.requests.Start(c)
		start := time.Now()
		aborted, err := serve(c, h)
		if err != nil {
			c.Error(err)
		}
		m.accessLog(c, start, aborted)
		intake.Release(c.Request())
		if aborted {
			// On up to net/http, which drops the connection (or, over
			// HTTP/2, resets the stream) of a handler that aborts.
			panic(http.ErrAbortHandler)
		}
		return nil
	}
}

// panicStackSize bounds the stack recorded with a recovered panic, as
// echo's Recover middleware does by default.
const panicStackSize = 4 << 10

// serve runs the route's handler, turning a panic into a panicError, which
// the HTTPErrorHandler answers with 500 and logs with its stack (every
// goroutine's, up to panicStackSize). http.ErrAbortHandler is net/http's
// own way to abort a response (a fault that resets the connection or cuts
// the answer short): serve reports it, to be passed on once the request is
// logged.
func serve(c echo.Context, next echo.HandlerFunc) (aborted bool, err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r == http.ErrAbortHandler {
			aborted = true
			return
		}
		value, ok := r.(error)
		if !ok {
			value = fmt.Errorf("%v", r)
		}
		stack := make([]byte, panicStackSize)
		stack = stack[:runtime.Stack(stack, true)]
		err = &panicError{value: value, stack: stack}
	}()
	if err := refuseOptions(c); err != nil {
		return false, err
	}
	return false, next(c)
}

// refuseOptions answers OPTIONS on a route like any other method the
// route does not have: 405 in Graph's shape, with Allow. The spec declares
// no OPTIONS operation, and echo would otherwise answer 204 before any
// check. Unknown paths still get 404.
func refuseOptions(c echo.Context) error {
	if c.Request().Method != http.MethodOptions || c.Path() == "" {
		return nil
	}
	if allow, ok := c.Get(echo.ContextKeyHeaderAllow).(string); ok {
		c.Response().Header().Set(echo.HeaderAllow, strings.TrimPrefix(allow, "OPTIONS, "))
	}
	return echo.ErrMethodNotAllowed
}

// accessLog writes the request's line, after the response: method, path,
// status, size, duration and the correlation ids, and whether the request
// was aborted (its connection dropped, or its answer cut short).
func (m *everyRequest) accessLog(c echo.Context, start time.Time, aborted bool) {
	req, res := c.Request(), c.Response()
	ctx := req.Context()
	h := m.logger.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	info := graphhttp.RequestInfoFrom(ctx)
	// A record made here rather than through logger.LogAttrs, which would
	// walk the stack for a source position that no access log line shows,
	// on every request. AddAttrs takes five attributes without allocating,
	// and the rest in one allocation.
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	r.AddAttrs(
		slog.String("method", req.Method),
		slog.String("path", req.URL.RequestURI()),
		slog.Int("status", res.Status),
		slog.Int64("bytes", res.Size),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", info.RequestID),
		slog.String("client_request_id", info.ClientRequestID),
		slog.String("remote", req.RemoteAddr),
	)
	if aborted {
		r.AddAttrs(slog.Bool("aborted", true))
	}
	_ = h.Handle(ctx, r)
}
