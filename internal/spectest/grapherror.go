package spectest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// goInternals are signs of a message that leaks the implementation.
var goInternals = []string{"Schema:", "Value:", ".go:", "goroutine", "runtime.", "%!", "<nil>", "panic", "json:", "echo", "kin-openapi", "openapi3"}

// CheckGraphError requires resp to be an error in Graph's shape with the
// status and code: a JSON body whose message is free of Go internals and
// whose innerError matches the correlation headers and has an RFC 3339
// date. It returns the decoded error, whatever the problems.
func CheckGraphError(resp *Response, status int, code string) (gen.OdataError, error) {
	var (
		ge   gen.OdataError
		errs []error
	)
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if resp.Status != status {
		fail("status = %d, want %d; body %s", resp.Status, status, resp.Body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fail("Content-Type = %q, want application/json", ct)
	}
	if err := json.Unmarshal(resp.Body, &ge); err != nil {
		return ge, errors.Join(append(errs, fmt.Errorf("error body %s: %w", resp.Body, err))...)
	}
	e := ge.Error
	if e.Code != code {
		fail("error.code = %q, want %q", e.Code, code)
	}
	if e.Message == "" {
		fail("error.message is empty")
	}
	for _, bad := range goInternals {
		if strings.Contains(e.Message, bad) {
			fail("error.message %q contains %q", e.Message, bad)
		}
	}
	in := e.InnerError
	if in == nil {
		return ge, errors.Join(append(errs, fmt.Errorf("no innerError in %s", resp.Body))...)
	}
	if rid := value(in.RequestId); rid != resp.Header.Get("request-id") {
		fail("innerError.request-id = %q, header %q", rid, resp.Header.Get("request-id"))
	}
	if crid := value(in.ClientRequestId); crid != resp.Header.Get("client-request-id") {
		fail("innerError.client-request-id = %q, header %q", crid, resp.Header.Get("client-request-id"))
	}
	if date := value(in.Date); date == "" {
		fail("innerError.date is missing")
	} else if _, err := time.Parse(time.RFC3339, date); err != nil {
		fail("innerError.date %q is not an RFC 3339 date-time", date)
	}
	return ge, errors.Join(errs...)
}

// value is what p points at, or "" for nil.
func value(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// WriteGraphError answers with Graph's error shape: the code of status
// from internal/graphcode, and an innerError that carries the request's
// client-request-id and the response's request-id header.
func WriteGraphError(w http.ResponseWriter, r *http.Request, status int, message string) {
	requestID := w.Header().Get("request-id")
	clientRequestID := r.Header.Get("client-request-id")
	date := time.Now().UTC().Format(time.RFC3339)
	WriteJSON(w, status, gen.OdataError{Error: gen.MainError{
		Code:    graphcode.Code(status),
		Message: message,
		InnerError: &gen.InnerError{
			RequestId:       &requestID,
			ClientRequestId: &clientRequestID,
			Date:            &date,
		},
	}})
}

// WriteJSON answers status with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
