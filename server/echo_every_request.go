package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// accessLog writes one log line per request, after the response: method,
// path, status, size, duration and the correlation ids. An error from the
// chain is answered first (c.Error) so that its status is the one logged.
func accessLog(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			req, res := c.Request(), c.Response()
			ctx := req.Context()
			h := logger.Handler()
			if !h.Enabled(ctx, slog.LevelInfo) {
				return nil
			}
			info := graphhttp.RequestInfoFrom(ctx)
			// A record made here rather than through logger.LogAttrs, which
			// would walk the stack for a source position that no access log
			// line shows, on every request.
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
			_ = h.Handle(ctx, r)
			return nil
		}
	}
}

// recoverPanics turns a panic anywhere below into a panicError, which the
// HTTPErrorHandler answers with 500 and logs with its stack.
func recoverPanics() echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(_ echo.Context, err error, stack []byte) error {
			return &panicError{value: err, stack: stack}
		},
	})
}

// refuseOptions answers OPTIONS on a route like any other method the
// route does not have: 405 in Graph's shape, with Allow. The spec declares
// no OPTIONS operation, and echo would otherwise answer 204 before any
// check. Unknown paths still get 404.
func refuseOptions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method != http.MethodOptions || c.Path() == "" {
			return next(c)
		}
		if allow, ok := c.Get(echo.ContextKeyHeaderAllow).(string); ok {
			c.Response().Header().Set(echo.HeaderAllow, strings.TrimPrefix(allow, "OPTIONS, "))
		}
		return echo.ErrMethodNotAllowed
	}
}
