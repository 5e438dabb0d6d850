package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// Error is the error of a call that got a non-2xx response, after any
// retries. It carries Graph's error body and the headers that matter for
// support requests and for retrying later.
//
// errors.Is(err, ErrNotFound) and the other sentinels match on Status.
type Error struct {
	// Op is the operationId of the call, such as "createAssignment".
	Op string
	// Status is the HTTP status code.
	Status int
	// Code is Graph's error code, such as "ResourceNotFound"; when the body
	// has none, the code internal/graphcode gives Status.
	Code string
	// Message is Graph's message; when the body has none, the status text.
	Message string
	// Target is the part of the request the error is about, if Graph said.
	Target string
	// RequestID is the id Graph gave the request: innerError.request-id, else
	// the request-id header. Quote it in a support request.
	RequestID string
	// ClientRequestID is the client-request-id of the call: innerError's,
	// else the response header's, else the one the client sent.
	ClientRequestID string
	// Date is when the error occurred: innerError.date, else the Date
	// header; zero if neither could be read.
	Date time.Time
	// RetryAfter is the wait the Retry-After header asked for, or 0.
	RetryAfter time.Duration
	// Header is the response's header.
	Header http.Header
	// Body is the raw response body, cut at 64 KiB.
	Body []byte
}

// maxErrorBody caps how much of an error response is read.
const maxErrorBody = 64 << 10

// Error describes the failure with Graph's code, message and request ids.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s: %s", e.Op, e.Status, e.Code, e.Message)
	var ids []string
	if e.RequestID != "" {
		ids = append(ids, "request-id "+e.RequestID)
	}
	if e.ClientRequestID != "" {
		ids = append(ids, "client-request-id "+e.ClientRequestID)
	}
	if len(ids) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(ids, ", "))
	}
	return b.String()
}

// Is reports whether target is the sentinel of e's status: ErrNotFound for
// 404, ErrThrottled for 429, ErrUnauthorized for 401, ErrForbidden for 403.
func (e *Error) Is(target error) bool {
	s, ok := target.(*sentinel)
	return ok && s.status() == e.Status
}

// Retryable reports whether Graph asks clients to retry the request later
// (429, 503 and 504), which the client did as far as its retry policy allowed.
func (e *Error) Retryable() bool {
	return graphcode.Retryable(e.Status)
}

// sentinel is an error that stands for the status of one Graph error code,
// looked up in internal/graphcode so that the client reads codes and
// statuses from the same table as the server writes them.
type sentinel struct {
	name string
	code string
}

// Error names the sentinel, such as "not found".
func (s *sentinel) Error() string { return s.name }

// status is the HTTP status of the sentinel's code in internal/graphcode.
func (s *sentinel) status() int { return graphcode.Status(s.code) }

// The sentinels an *Error matches with errors.Is, by status.
var (
	// ErrNotFound matches a 404: the configuration or the assignment does
	// not exist.
	ErrNotFound error = &sentinel{"not found", graphcode.ResourceNotFound}
	// ErrThrottled matches a 429 that was still throttled after the retries
	// the policy allowed; Error.RetryAfter says how long Graph asked to wait.
	ErrThrottled error = &sentinel{"throttled", graphcode.TooManyRequests}
	// ErrUnauthorized matches a 401: the token is missing, expired or not
	// issued for Microsoft Graph.
	ErrUnauthorized error = &sentinel{"unauthorized", graphcode.InvalidAuthenticationToken}
	// ErrForbidden matches a 403: the token lacks the operation's permission.
	ErrForbidden error = &sentinel{"forbidden", graphcode.Forbidden}
)

// newError reads the error of op from rsp, which it closes.
func newError(op string, rsp *http.Response, now time.Time) *Error {
	defer func() { _ = rsp.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(rsp.Body, maxErrorBody))
	e := &Error{Op: op, Status: rsp.StatusCode, Header: rsp.Header.Clone(), Body: body}
	// A body that is not Graph's error, such as a proxy's HTML page, leaves
	// the fields to the fallbacks below.
	var graph gen.OdataError
	if json.Unmarshal(body, &graph) == nil {
		e.Code, e.Message, e.Target = graph.Error.Code, graph.Error.Message, value(graph.Error.Target)
		if inner := graph.Error.InnerError; inner != nil {
			e.RequestID, e.ClientRequestID = value(inner.RequestId), value(inner.ClientRequestId)
			e.Date = parseDate(value(inner.Date))
		}
	}
	if e.Code == "" {
		e.Code = graphcode.Code(e.Status)
	}
	if e.Message == "" {
		e.Message = http.StatusText(e.Status)
	}
	if e.RequestID == "" {
		e.RequestID = rsp.Header.Get(requestIDHeader)
	}
	if e.ClientRequestID == "" {
		e.ClientRequestID = rsp.Header.Get(clientRequestIDHeader)
	}
	if e.ClientRequestID == "" && rsp.Request != nil {
		e.ClientRequestID = rsp.Request.Header.Get(clientRequestIDHeader)
	}
	if e.Date.IsZero() {
		if d, err := http.ParseTime(rsp.Header.Get("Date")); err == nil {
			e.Date = d
		}
	}
	if d, ok := parseRetryAfter(rsp.Header.Get("Retry-After"), now); ok {
		e.RetryAfter = d
	}
	return e
}

// value is what p points at, or "" for nil.
func value(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseDate reads innerError.date: RFC 3339, or Graph's form without a
// zone, which is UTC. It is zero when neither fits.
func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// ErrInvalidInput is wrapped by the error of a call whose arguments the spec
// does not allow (an empty id, $top out of range, a target without its
// @odata.type, ...). Such a call sends nothing.
var ErrInvalidInput = errors.New("invalid input")

// ErrUnknownTarget is wrapped by the error of TargetOf for a target whose
// @odata.type is missing or names no target type of the spec.
var ErrUnknownTarget = errors.New("unknown assignment target type")
