package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2026, 1, 15, 10, 20, 30, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"10", 10 * time.Second, true},
		{" 3 ", 3 * time.Second, true},
		{"0", 0, true},
		{"0.25", 250 * time.Millisecond, true},
		{"1.5", 1500 * time.Millisecond, true},
		{".5", 500 * time.Millisecond, true},
		{"Thu, 15 Jan 2026 10:21:00 GMT", 30 * time.Second, true},    // IMF-fixdate
		{"Thursday, 15-Jan-26 10:20:40 GMT", 10 * time.Second, true}, // RFC 850
		{"Thu Jan 15 10:20:35 2026", 5 * time.Second, true},          // asctime
		{"Thu, 15 Jan 2026 10:00:00 GMT", 0, true},                   // in the past
		{"99999999999999", maxRetryAfter, true},                      // capped
		{"", 0, false},
		{"-1", 0, false},
		{"+5", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1.2.3", 0, false},
		{".", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.value, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

// clock is a fake time for retryDoer: sleeping moves it on and records
// the wait, without waiting. It is safe for concurrent use, so that an
// emulator may read it too.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return ctx.Err()
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// TestRetryWaits runs retryDoer on a fake clock and checks each wait it
// chose.
func TestRetryWaits(t *testing.T) {
	exact := RetryPolicy{MaxAttempts: 5, MaxElapsed: time.Hour, BaseBackoff: time.Second, MaxBackoff: 5 * time.Second}
	tests := []struct {
		name       string
		policy     RetryPolicy
		retryAfter string
		status     int
		want       []time.Duration
	}{
		{"Retry-After seconds", exact, "10", 429, []time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second}},
		{"Retry-After fractional", exact, "0.25", 503, []time.Duration{250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond}},
		{"Retry-After date", exact, "Thu, 15 Jan 2026 10:21:00 GMT", 504, []time.Duration{30 * time.Second, 0, 0, 0}},
		{"backoff doubles to the cap", exact, "", 503, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second}},
		{"unreadable Retry-After backs off", exact, "later", 429, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second}},
		{"MaxElapsed", RetryPolicy{MaxAttempts: 10, MaxElapsed: 10 * time.Second, BaseBackoff: time.Second, MaxBackoff: time.Second}, "4", 429, []time.Duration{4 * time.Second, 4 * time.Second}},
		{"not retried", exact, "1", 500, nil},
		{"retries off", RetryPolicy{MaxAttempts: 1}, "1", 429, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: now}
			attempts := 0
			d := &retryDoer{policy: tt.policy, now: clk.now, sleep: clk.sleep, next: doerFunc(func(r *http.Request) (*http.Response, error) {
				attempts++
				h := http.Header{}
				if tt.retryAfter != "" {
					h.Set("Retry-After", tt.retryAfter)
				}
				return &http.Response{StatusCode: tt.status, Header: h, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
			})}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://graph.example/beta/x", nil)
			rsp, err := d.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if rsp.StatusCode != tt.status {
				t.Errorf("final status %d, want %d", rsp.StatusCode, tt.status)
			}
			if diff := cmp.Diff(tt.want, clk.sleeps); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if attempts != len(tt.want)+1 {
				t.Errorf("%d attempts, want %d", attempts, len(tt.want)+1)
			}
		})
	}
}

// TestBackoffJitter checks that jitter only shortens a backoff, by at most
// its fraction.
func TestBackoffJitter(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 8, MaxElapsed: time.Hour, BaseBackoff: 100 * time.Millisecond, MaxBackoff: time.Second, Jitter: 0.5}
	for attempt := 1; attempt <= 7; attempt++ {
		full := min(p.BaseBackoff<<(attempt-1), p.MaxBackoff)
		for range 200 {
			if d := p.backoff(attempt); d > full || d < full/2 {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
}

// TestNoRetryWithoutReplay checks that a body that cannot be read again is
// not retried.
func TestNoRetryWithoutReplay(t *testing.T) {
	clk := &clock{t: now}
	attempts := 0
	d := &retryDoer{policy: DefaultRetryPolicy(), now: clk.now, sleep: clk.sleep, next: doerFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}, nil
	})}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://graph.example/beta/x", io.MultiReader(bytes.NewReader([]byte("{}"))))
	if req.GetBody != nil {
		t.Fatal("test request can be replayed")
	}
	if _, err := d.Do(req); err != nil {
		t.Fatal(err)
	}
	if attempts != 1 {
		t.Errorf("%d attempts, want 1", attempts)
	}
}

// TestLimitedBody checks the cap on successful response bodies.
func TestLimitedBody(t *testing.T) {
	for _, tt := range []struct {
		size    int
		wantErr bool
	}{{10, false}, {16, false}, {17, true}, {1000, true}} {
		b := newLimitedBody(io.NopCloser(bytes.NewReader(make([]byte, tt.size))), 16)
		got, err := io.ReadAll(b)
		if (err != nil) != tt.wantErr {
			t.Errorf("size %d: error %v", tt.size, err)
		}
		if !tt.wantErr && len(got) != tt.size {
			t.Errorf("size %d: read %d", tt.size, len(got))
		}
	}
}
