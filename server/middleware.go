package server

import (
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
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
			info := requestInfoFrom(req.Context())
			logger.LogAttrs(req.Context(), slog.LevelInfo, "request",
				slog.String("method", req.Method),
				slog.String("path", req.URL.RequestURI()),
				slog.Int("status", res.Status),
				slog.Int64("bytes", res.Size),
				slog.Duration("duration", time.Since(start)),
				slog.String("request_id", info.RequestID),
				slog.String("client_request_id", info.ClientRequestID),
				slog.String("remote", req.RemoteAddr),
			)
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
