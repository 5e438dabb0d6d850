package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/store"
)

// panicError is a recovered panic on its way to the HTTPErrorHandler,
// which logs it with the stack.
type panicError struct {
	value error
	stack []byte
}

func (e *panicError) Error() string { return "panic: " + e.value.Error() }
func (e *panicError) Unwrap() error { return e.value }

// errorHandler is the echo HTTPErrorHandler: every error that leaves a
// handler or middleware, whatever its kind, is answered here in Graph's
// error shape. 5xx are logged as errors with the request id and the cause,
// but for those a fault rule or header asked for, which are logged as
// information: they are no failure of the emulator's. The client gets no Go
// internals.
func errorHandler(logger *slog.Logger, now func() time.Time) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		ctx := c.Request().Context()
		if c.Response().Committed {
			logger.ErrorContext(ctx, "error after the response was sent",
				"request_id", graphhttp.RequestInfoFrom(ctx).RequestID, "error", err)
			return
		}
		ae := toAPIError(err, c)
		if ae.Status >= http.StatusInternalServerError {
			attrs := []any{"request_id", graphhttp.RequestInfoFrom(ctx).RequestID,
				"method", c.Request().Method, "path", c.Request().URL.Path, "status", ae.Status, "error", err}
			if pe := (*panicError)(nil); errors.As(err, &pe) {
				attrs = append(attrs, "stack", string(pe.stack))
			}
			if errors.Is(err, graphhttp.ErrFaultInjected) {
				logger.InfoContext(ctx, "fault injected", attrs...)
			} else {
				logger.ErrorContext(ctx, "request failed", attrs...)
			}
		}
		for name, values := range ae.Header {
			c.Response().Header()[name] = values
		}
		body := graphhttp.ErrorBody(ctx, now(), ae.Code, ae.Message, ae.Target)
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(ae.Status)
		} else {
			err = c.JSON(ae.Status, body)
		}
		if err != nil {
			logger.ErrorContext(ctx, "writing the error response failed",
				"request_id", graphhttp.RequestInfoFrom(ctx).RequestID, "error", err)
		}
	}
}

// toAPIError decides how err is answered. Errors of this package carry
// their answer; echo's own (unknown route, wrong method, a body the strict
// handler could not bind) get a message of ours, never theirs, which can
// hold Go internals; anything else is unexpected and answers 500.
func toAPIError(err error, c echo.Context) *graphhttp.Error {
	if ae := (*graphhttp.Error)(nil); errors.As(err, &ae) {
		return ae
	}
	if he := (*echo.HTTPError)(nil); errors.As(err, &he) {
		return echoHTTPError(he, c)
	}
	if errors.Is(err, store.ErrUnavailable) {
		return unavailable(err)
	}
	return graphhttp.Internal(err)
}

// unavailableRetryAfter is how long a client is asked to wait when the
// store is unavailable.
const unavailableRetryAfter = 30 * time.Second

// unavailable is the 503 answer to a store that cannot serve for now.
func unavailable(cause error) *graphhttp.Error {
	return graphhttp.RetryLater(http.StatusServiceUnavailable, "The service is temporarily unavailable.", unavailableRetryAfter).WithCause(cause)
}

// echoHTTPError words one of echo's errors for the client.
func echoHTTPError(he *echo.HTTPError, c echo.Context) *graphhttp.Error {
	req := c.Request()
	var msg string
	switch he.Code {
	case http.StatusNotFound:
		msg = fmt.Sprintf("No resource was found at '%s'.", req.URL.Path)
	case http.StatusMethodNotAllowed:
		msg = fmt.Sprintf("The method '%s' is not allowed on '%s'.", req.Method, req.URL.Path)
	case http.StatusRequestEntityTooLarge:
		msg = "The request body is too large."
	case http.StatusUnsupportedMediaType:
		msg = "The request body must be application/json."
	case http.StatusBadRequest:
		msg = "The request could not be read."
	default:
		if he.Code >= http.StatusInternalServerError {
			msg = graphhttp.InternalErrorMessage
		} else {
			msg = http.StatusText(he.Code)
		}
	}
	ae := graphhttp.New(he.Code, msg)
	ae.Cause = he
	return ae
}
