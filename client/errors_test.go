package client_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// noRetries makes a client return the first response, whatever its status.
var noRetries = client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1})

// sentinels are the errors an *Error matches by status.
var sentinels = map[int]error{
	http.StatusUnauthorized:    client.ErrUnauthorized,
	http.StatusForbidden:       client.ErrForbidden,
	http.StatusNotFound:        client.ErrNotFound,
	http.StatusTooManyRequests: client.ErrThrottled,
}

// TestErrorStatuses answers every operation with each error status the
// spec documents for it, with the spec's example body and headers, and
// checks the typed error the call returns. An alias is called through the
// method of the operation it stands for, whose operationId the error names.
func TestErrorStatuses(t *testing.T) {
	for _, op := range specdoc.Operations(specdoc.Embedded()) {
		requests := op.RequestExamples()
		var example any
		if len(requests) > 0 {
			example = requests[0].Value
		}
		for _, statusText := range op.Statuses() {
			status, _ := strconv.Atoi(statusText)
			if status < 400 {
				continue
			}
			resp := op.Response(statusText)
			header := map[string]string{}
			for name, h := range resp.Headers {
				header[name] = fmt.Sprint(h.Value.Example)
			}
			for _, ex := range op.ResponseExamples(statusText) {
				t.Run(op.OperationID+"/"+statusText+"/"+ex.Name, func(t *testing.T) {
					fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: status, Header: header, Body: ex.Value}))
					_, err := calls[served(op)](t.Context(), newTestClient(t, fake, noRetries), input{body: example})
					var e *client.Error
					if !errors.As(err, &e) {
						t.Fatalf("error %v (%T), want *client.Error", err, err)
					}
					body := ex.Value.(map[string]any)["error"].(map[string]any)
					inner := body["innerError"].(map[string]any)
					date, _ := time.Parse(time.RFC3339, inner["date"].(string))
					target, _ := body["target"].(string) // optional
					want := client.Error{
						Op:              served(op),
						Status:          status,
						Code:            body["code"].(string),
						Message:         body["message"].(string),
						Target:          target,
						RequestID:       inner["request-id"].(string),
						ClientRequestID: inner["client-request-id"].(string),
						Date:            date,
					}
					if ra, ok := header["Retry-After"]; ok {
						secs, _ := strconv.Atoi(ra)
						want.RetryAfter = time.Duration(secs) * time.Second
					}
					got := *e
					got.Header, got.Body = nil, nil
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("error (-want +got):\n%s", diff)
					}
					if diff := cmp.Diff(jsonValue(t, ex.Value), jsonValue(t, e.Body)); diff != "" {
						t.Errorf("raw body (-example +got):\n%s", diff)
					}
					for name, value := range header {
						if got := e.Header.Get(name); got != value {
							t.Errorf("header %s = %q, want %q", name, got, value)
						}
					}
					if graphcode.Status(e.Code) != status {
						t.Errorf("code %q is status %d in internal/graphcode, not %d", e.Code, graphcode.Status(e.Code), status)
					}
					for s, sentinel := range sentinels {
						if got := errors.Is(err, sentinel); got != (s == status) {
							t.Errorf("errors.Is(err, %v) = %v", sentinel, got)
						}
					}
					if len(fake.Requests()) != 1 {
						t.Errorf("%d requests with retries off, want 1", len(fake.Requests()))
					}
					for _, part := range []string{served(op), statusText, e.Code, e.RequestID} {
						if !strings.Contains(err.Error(), part) {
							t.Errorf("message %q does not mention %q", err, part)
						}
					}
				})
			}
		}
	}
}

// TestErrorFallbacks checks the error of responses that are not the spec's:
// no Graph body, a body too large, Graph's dates without a zone, ids only
// in headers.
func TestErrorFallbacks(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 100<<10)
	tests := []struct {
		name  string
		reply spectest.Reply
		want  client.Error // Op, Header and Body are not compared
		body  int          // length of the raw body kept
	}{
		{
			name:  "HTML from a proxy",
			reply: spectest.Reply{Status: http.StatusBadGateway, Header: map[string]string{"Content-Type": "text/html", "request-id": "r-1", "Date": "Fri, 16 Jan 2026 08:00:00 GMT"}, Body: []byte("<html>Bad gateway</html>")},
			want: client.Error{Status: 502, Code: graphcode.InternalServerError, Message: "Bad Gateway", RequestID: "r-1", ClientRequestID: "from-the-caller",
				Date: time.Date(2026, 1, 16, 8, 0, 0, 0, time.UTC)},
			body: len("<html>Bad gateway</html>"),
		},
		{
			name:  "body over the cap",
			reply: spectest.Reply{Status: http.StatusNotFound, Header: map[string]string{"Content-Type": "application/json", "Date": "Fri, 16 Jan 2026 08:00:00 GMT"}, Body: big},
			want: client.Error{Status: 404, Code: graphcode.ResourceNotFound, Message: "Not Found", RequestID: spectest.FakeRequestID,
				ClientRequestID: "from-the-caller", Date: time.Date(2026, 1, 16, 8, 0, 0, 0, time.UTC)},
			body: 64 << 10,
		},
		{
			name: "Graph's date without a zone",
			reply: spectest.Reply{Status: http.StatusForbidden, Body: map[string]any{"error": map[string]any{
				"code": "Forbidden", "message": "no", "innerError": map[string]any{"date": "2026-01-15T10:20:30", "request-id": "r-2"},
			}}},
			want: client.Error{Status: 403, Code: "Forbidden", Message: "no", RequestID: "r-2", ClientRequestID: "from-the-caller",
				Date: time.Date(2026, 1, 15, 10, 20, 30, 0, time.UTC)},
		},
		{
			name: "ids in headers only, Date header",
			reply: spectest.Reply{Status: http.StatusTooManyRequests, Header: map[string]string{
				"request-id": "r-3", "client-request-id": "echoed", "Date": "Thu, 15 Jan 2026 10:20:30 GMT", "Retry-After": "0.5",
			}, Body: map[string]any{"error": map[string]any{"code": "TooManyRequests", "message": "slow down"}}},
			want: client.Error{Status: 429, Code: "TooManyRequests", Message: "slow down", RequestID: "r-3", ClientRequestID: "echoed",
				Date: time.Date(2026, 1, 15, 10, 20, 30, 0, time.UTC), RetryAfter: 500 * time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The client sends its own client-request-id; the fake's echo of
			// it is blanked so that the fallback to the sent one shows.
			if tt.reply.Header == nil {
				tt.reply.Header = map[string]string{}
			}
			if _, ok := tt.reply.Header["client-request-id"]; !ok {
				tt.reply.Header["client-request-id"] = ""
			}
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(tt.reply))
			_, err := newTestClient(t, fake, noRetries).GetAssignment(t.Context(), configID, assignmentID)
			var e *client.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want *client.Error", err, err)
			}
			if tt.want.ClientRequestID == "from-the-caller" {
				tt.want.ClientRequestID = fake.Requests()[0].Header.Get("client-request-id")
			}
			tt.want.Op = "getAssignment"
			got := *e
			got.Header, got.Body = nil, nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if tt.body != 0 && len(e.Body) != tt.body {
				t.Errorf("kept %d bytes of the body, want %d", len(e.Body), tt.body)
			}
		})
	}
}

// TestErrorIsByStatus checks the sentinels against every status of
// internal/graphcode's table, so that a sentinel matches its status and no
// other.
func TestErrorIsByStatus(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 405, 413, 415, 429, 500, 503, 504} {
		e := &client.Error{Status: status}
		for s, sentinel := range sentinels {
			if got := errors.Is(fmt.Errorf("wrapped: %w", e), sentinel); got != (s == status) {
				t.Errorf("status %d: errors.Is(%v) = %v", status, sentinel, got)
			}
		}
		if got, want := e.Retryable(), status == 429 || status == 503 || status == 504; got != want {
			t.Errorf("status %d: Retryable() = %v", status, got)
		}
	}
}
