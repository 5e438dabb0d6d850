package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// bodyCalls are calls of the operations that send a body, for checking
// that retries replay it.
var bodyCalls = map[string]struct {
	call    func(context.Context, *client.Client) error
	success spectest.Reply
}{
	"createAssignment": {
		call: func(ctx context.Context, c *client.Client) error {
			_, err := c.CreateAssignment(ctx, configID, client.Assignment{Target: client.GroupTarget("g1", client.IncludeFilter("f1"))})
			return err
		},
		success: spectest.Reply{Status: http.StatusCreated, Body: map[string]any{"id": "a1", "target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g1"}}},
	},
	"updateAssignment": {
		call: func(ctx context.Context, c *client.Client) error {
			target := client.AllDevicesTarget()
			_, err := c.UpdateAssignment(ctx, configID, assignmentID, client.AssignmentUpdate{Target: &target})
			return err
		},
		success: spectest.Reply{Status: http.StatusOK, Body: map[string]any{"id": "a1", "target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}},
	},
	"assign": {
		call: func(ctx context.Context, c *client.Client) error {
			return c.Assign(ctx, configID, []client.Assignment{{Target: client.AllLicensedUsersTarget()}, {Target: client.ExclusionGroupTarget("g2")}})
		},
		success: spectest.Reply{Status: http.StatusNoContent},
	},
}

// TestRetriesReplay answers each body operation with 429, 503 and 504
// before its success: the call must succeed after four attempts that carry
// the same body, the same client-request-id and the token.
func TestRetriesReplay(t *testing.T) {
	throttled := []spectest.Reply{
		{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "0.01"}, Body: map[string]any{"error": map[string]any{"code": "TooManyRequests", "message": "slow down"}}},
		{Status: http.StatusServiceUnavailable, Header: map[string]string{"Retry-After": "0"}},
		{Status: http.StatusGatewayTimeout}, // no Retry-After: backoff
	}
	for op, tt := range bodyCalls {
		t.Run(op, func(t *testing.T) {
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(append(throttled, tt.success)...))
			if err := tt.call(t.Context(), newTestClient(t, fake)); err != nil {
				t.Fatal(err)
			}
			seen := fake.Requests()
			if len(seen) != 4 {
				t.Fatalf("%d attempts, want 4", len(seen))
			}
			first := seen[0]
			if len(first.Body) == 0 || first.Header.Get("client-request-id") == "" {
				t.Fatalf("first attempt has body %q and client-request-id %q", first.Body, first.Header.Get("client-request-id"))
			}
			for i, r := range seen[1:] {
				if string(r.Body) != string(first.Body) {
					t.Errorf("attempt %d body %s, want %s", i+2, r.Body, first.Body)
				}
				if got := r.Header.Get("client-request-id"); got != first.Header.Get("client-request-id") {
					t.Errorf("attempt %d client-request-id %q, want %q", i+2, got, first.Header.Get("client-request-id"))
				}
			}
		})
	}
}

// TestRetriedStatuses checks which statuses are retried: 429, 503 and 504
// only.
func TestRetriedStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 501, 502, 503, 504} {
		retried := status == 429 || status == 503 || status == 504
		fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: status}, spectest.Reply{Status: http.StatusNoContent}))
		err := newTestClient(t, fake).DeleteAssignment(t.Context(), configID, assignmentID)
		attempts := len(fake.Requests())
		switch {
		case retried && (err != nil || attempts != 2):
			t.Errorf("%d: %d attempts and error %v, want a retry that succeeds", status, attempts, err)
		case !retried && attempts != 1:
			t.Errorf("%d: %d attempts, want 1", status, attempts)
		case !retried:
			var e *client.Error
			if !errors.As(err, &e) || e.Status != status {
				t.Errorf("%d: error %v, want *client.Error with the status", status, err)
			}
		}
	}
}

// TestRetryLimits checks that retries stop at MaxAttempts, and do not start
// a wait that would end after MaxElapsed or after the context's deadline:
// the call then returns the last response as an *Error, with Retry-After.
func TestRetryLimits(t *testing.T) {
	tests := []struct {
		name     string
		policy   client.RetryPolicy
		reply    spectest.Reply
		deadline time.Duration // 0: none
		attempts int
		after    time.Duration // the error's RetryAfter
	}{
		{
			name:     "MaxAttempts",
			policy:   client.RetryPolicy{MaxAttempts: 3, MaxElapsed: time.Minute, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond},
			reply:    spectest.Reply{Status: http.StatusServiceUnavailable, Header: map[string]string{"Retry-After": "0"}},
			attempts: 3,
		},
		{
			name:     "Retry-After beyond MaxElapsed",
			policy:   client.RetryPolicy{MaxAttempts: 5, MaxElapsed: time.Minute, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond},
			reply:    spectest.Reply{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "3600"}},
			attempts: 1,
			after:    time.Hour,
		},
		{
			name:     "Retry-After beyond the deadline",
			policy:   client.RetryPolicy{MaxAttempts: 5, MaxElapsed: 3 * time.Hour, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond},
			reply:    spectest.Reply{Status: http.StatusServiceUnavailable, Header: map[string]string{"Retry-After": "7200"}},
			deadline: time.Hour,
			attempts: 1,
			after:    2 * time.Hour,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(tt.reply))
			err := newTestClient(t, fake, client.WithRetryPolicy(tt.policy)).DeleteAssignment(ctx, configID, assignmentID)
			var e *client.Error
			if !errors.As(err, &e) || e.Status != tt.reply.Status || e.RetryAfter != tt.after {
				t.Errorf("error %#v, want *client.Error %d with RetryAfter %v", err, tt.reply.Status, tt.after)
			}
			if got := len(fake.Requests()); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
		})
	}
}

// TestRetryAfterOverBackoff gives the client an hour of backoff and a
// Retry-After of 10 ms: the call completes only if the client waits as
// Retry-After says (the exact waits are checked in retry_internal_test.go).
func TestRetryAfterOverBackoff(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(
		spectest.Reply{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "0.01"}},
		spectest.Reply{Status: http.StatusNoContent},
	))
	slow := client.RetryPolicy{MaxAttempts: 2, MaxElapsed: 3 * time.Hour, BaseBackoff: time.Hour, MaxBackoff: time.Hour}
	if err := newTestClient(t, fake, client.WithRetryPolicy(slow)).DeleteAssignment(t.Context(), configID, assignmentID); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Requests()); got != 2 {
		t.Errorf("%d attempts, want 2", got)
	}
}

// TestRetryCancel cancels the call's context while Graph asks for an hour's
// wait: the call must return the context's error at once, without another
// attempt.
func TestRetryCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	fake := spectest.NewFakeGraph(t, prefix, testToken, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
		cancel()
	}))
	patient := client.RetryPolicy{MaxAttempts: 5, MaxElapsed: 3 * time.Hour, BaseBackoff: time.Hour, MaxBackoff: time.Hour}
	err := newTestClient(t, fake, client.WithRetryPolicy(patient)).DeleteAssignment(ctx, configID, assignmentID)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if got := len(fake.Requests()); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}
}
