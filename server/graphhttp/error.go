package graphhttp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// Error is an error that knows how it is answered: the status, Graph's
// error code and a message fit for the client. The middlewares return it
// and the HTTPErrorHandler writes it.
type Error struct {
	Status  int
	Code    string
	Message string
	Target  string      // the part of the request at fault, or ""
	Header  http.Header // extra response headers, such as WWW-Authenticate
	Cause   error       // the underlying error, for logs only
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.Status, e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Cause }

// ErrFaultInjected is the cause of every answer a fault rule or fault
// header asked for: a failure that was ordered, not the emulator's own.
var ErrFaultInjected = errors.New("fault injected by the emulator's configuration")

// WithCause records the underlying error, for the logs.
func (e *Error) WithCause(err error) *Error {
	e.Cause = err
	return e
}

// New is an Error with the code graphcode gives status.
func New(status int, message string) *Error {
	return &Error{Status: status, Code: graphcode.Code(status), Message: message}
}

// InternalErrorMessage is all a client learns about an unexpected failure.
const InternalErrorMessage = "An unexpected error occurred. Quote the request-id when reporting it."

// ErrorBody builds Graph's error body for the request in ctx.
func ErrorBody(ctx context.Context, now time.Time, code, message, target string) gen.OdataError {
	return ErrorBodyOf(RequestInfoFrom(ctx), now, code, message, target)
}

// ErrorBodyOf builds Graph's error body for the request of info: an answer
// that no request's context carries, such as a batch's request that was
// never run.
func ErrorBodyOf(info RequestInfo, now time.Time, code, message, target string) gen.OdataError {
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

// Internal is the 500 answer to an unexpected error.
func Internal(cause error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: graphcode.InternalServerError,
		Message: InternalErrorMessage, Cause: cause}
}

// RetryLater is an answer with status that asks the caller to come back
// after wait, in the message and in Retry-After.
func RetryLater(status int, message string, wait time.Duration) *Error {
	seconds := RetryAfterSeconds(wait)
	ae := New(status, fmt.Sprintf("%s Retry after %d seconds.", message, seconds))
	ae.Header = http.Header{"Retry-After": {strconv.Itoa(seconds)}}
	return ae
}

// RetryAfterSeconds rounds a wait up to whole seconds, at least one, as
// Retry-After carries it.
func RetryAfterSeconds(wait time.Duration) int {
	s := int(math.Ceil(wait.Seconds()))
	if s < 1 {
		s = 1
	}
	return s
}
