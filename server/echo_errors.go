package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// apiError is an error that knows how it is answered: the status, Graph's
// error code and a message fit for the client. The middlewares return it
// and the HTTPErrorHandler writes it.
type apiError struct {
	status  int
	code    string
	message string
	target  string      // the part of the request at fault, or ""
	header  http.Header // extra response headers, such as WWW-Authenticate
	cause   error       // the underlying error, for logs only
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.status, e.code, e.message, e.cause)
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

func (e *apiError) Unwrap() error { return e.cause }

// withCause records the underlying error, for the logs.
func (e *apiError) withCause(err error) *apiError {
	e.cause = err
	return e
}

// newAPIError is an apiError with the code graphcode gives status.
func newAPIError(status int, message string) *apiError {
	return &apiError{status: status, code: graphcode.Code(status), message: message}
}

// panicError is a recovered panic on its way to the HTTPErrorHandler,
// which logs it with the stack.
type panicError struct {
	value error
	stack []byte
}

func (e *panicError) Error() string { return "panic: " + e.value.Error() }
func (e *panicError) Unwrap() error { return e.value }

// internalErrorMessage is all a client learns about an unexpected failure.
const internalErrorMessage = "An unexpected error occurred. Quote the request-id when reporting it."

// odataError builds Graph's error body for the request in ctx.
func odataError(ctx context.Context, now time.Time, code, message, target string) gen.OdataError {
	info := requestInfoFrom(ctx)
	date := now.UTC().Format(time.RFC3339)
	body := gen.OdataError{Error: gen.MainError{
		Code:    code,
		Message: message,
		InnerError: &gen.InnerError{
			RequestId:       &info.RequestID,
			ClientRequestId: &info.ClientRequestID,
			Date:            &date,
		},
	}}
	if target != "" {
		body.Error.Target = &target
	}
	return body
}

// errorHandler is the echo HTTPErrorHandler: every error that leaves a
// handler or middleware, whatever its kind, is answered here in Graph's
// error shape. 5xx are logged with the request id and the cause; the client
// gets no Go internals.
func errorHandler(logger *slog.Logger, now func() time.Time) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		ctx := c.Request().Context()
		if c.Response().Committed {
			logger.ErrorContext(ctx, "error after the response was sent",
				"request_id", requestInfoFrom(ctx).RequestID, "error", err)
			return
		}
		ae := toAPIError(err, c)
		if ae.status >= http.StatusInternalServerError {
			attrs := []any{"request_id", requestInfoFrom(ctx).RequestID,
				"method", c.Request().Method, "path", c.Request().URL.Path, "status", ae.status, "error", err}
			if pe := (*panicError)(nil); errors.As(err, &pe) {
				attrs = append(attrs, "stack", string(pe.stack))
			}
			logger.ErrorContext(ctx, "request failed", attrs...)
		}
		for name, values := range ae.header {
			c.Response().Header()[name] = values
		}
		body := odataError(ctx, now(), ae.code, ae.message, ae.target)
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(ae.status)
		} else {
			err = c.JSON(ae.status, body)
		}
		if err != nil {
			logger.ErrorContext(ctx, "writing the error response failed",
				"request_id", requestInfoFrom(ctx).RequestID, "error", err)
		}
	}
}

// toAPIError decides how err is answered. Errors of this package carry
// their answer; echo's own (unknown route, wrong method, a body the strict
// handler could not bind) get a message of ours, never theirs, which can
// hold Go internals; anything else is unexpected and answers 500.
func toAPIError(err error, c echo.Context) *apiError {
	if ae := (*apiError)(nil); errors.As(err, &ae) {
		return ae
	}
	if he := (*echo.HTTPError)(nil); errors.As(err, &he) {
		return echoHTTPError(he, c)
	}
	if errors.Is(err, ErrUnavailable) {
		return unavailable(err)
	}
	return internalError(err)
}

// unavailableRetryAfter is how long a client is asked to wait when the
// store is unavailable.
const unavailableRetryAfter = 30 * time.Second

// unavailable is the 503 answer to a store that cannot serve for now.
func unavailable(cause error) *apiError {
	return retryLater(http.StatusServiceUnavailable, "The service is temporarily unavailable.", unavailableRetryAfter).withCause(cause)
}

// internalError is the 500 answer to an unexpected error.
func internalError(cause error) *apiError {
	return &apiError{status: http.StatusInternalServerError, code: graphcode.InternalServerError,
		message: internalErrorMessage, cause: cause}
}

// echoHTTPError words one of echo's errors for the client.
func echoHTTPError(he *echo.HTTPError, c echo.Context) *apiError {
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
			msg = internalErrorMessage
		} else {
			msg = http.StatusText(he.Code)
		}
	}
	ae := newAPIError(he.Code, msg)
	ae.cause = he
	return ae
}

// retryLater is an answer with status that asks the caller to come back
// after wait, in the message and in Retry-After.
func retryLater(status int, message string, wait time.Duration) *apiError {
	seconds := retryAfterSeconds(wait)
	ae := newAPIError(status, fmt.Sprintf("%s Retry after %d seconds.", message, seconds))
	ae.header = http.Header{"Retry-After": {strconv.Itoa(seconds)}}
	return ae
}

// retryAfterSeconds rounds a wait up to whole seconds, at least one, as
// Retry-After carries it.
func retryAfterSeconds(wait time.Duration) int {
	s := int(math.Ceil(wait.Seconds()))
	if s < 1 {
		s = 1
	}
	return s
}
