package client

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// batchRetrying is retryingAgainst, with the calls of a Batch waiting on
// clk too, against Intune's throttle of writes per app made small: five
// per window of two seconds.
func batchRetrying(t *testing.T, clk *clock, policy RetryPolicy) *Client {
	t.Helper()
	c := retryingAgainst(t, clk, policy, func(cfg *server.Config) {
		cfg.Resilience.IntuneThrottle = &resilience.IntuneThrottleConfig{Window: 2 * time.Second, WritesPerAppPerTenant: 5}
	})
	c.now, c.sleep = clk.now, clk.sleep
	return c
}

// queueCreates queues n creates of assignments with ids of their own.
func queueCreates(t *testing.T, b *Batch, n int) []*Queued[*Assignment] {
	t.Helper()
	var out []*Queued[*Assignment]
	for i := range n {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		q, err := b.CreateAssignment(spectest.ExampleConfig, Assignment{Id: &id, Target: AllDevicesTarget()})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}

// TestBatchRetriesThrottledCalls: of twelve creates in one batch, five get
// through and seven are throttled; Send waits their Retry-After and sends
// those seven alone, then the last two, until all are created.
func TestBatchRetriesThrottledCalls(t *testing.T) {
	clk := &clock{t: time.Now()}
	c := batchRetrying(t, clk, RetryPolicy{MaxAttempts: 4, MaxElapsed: time.Minute, BaseBackoff: time.Second, MaxBackoff: time.Second})
	b := c.NewBatch()
	creates := queueCreates(t, b, 12)
	if err := b.Send(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, q := range creates {
		if _, err := q.Result(); err != nil {
			t.Errorf("create %d: %v", i, err)
		}
	}
	// Each wait is the Retry-After of the window's first write.
	if len(clk.sleeps) != 2 || clk.sleeps[0] != 2*time.Second || clk.sleeps[1] != 2*time.Second {
		t.Errorf("slept %v, want [2s 2s]", clk.sleeps)
	}
	attempts := map[int]int{}
	for _, s := range b.steps {
		attempts[s.attempts]++
	}
	if attempts[1] != 5 || attempts[2] != 5 || attempts[3] != 2 {
		t.Errorf("calls by attempts %v, want five sent once, five twice and two three times", attempts)
	}
}

// TestBatchRetriesTheDependentsOfThrottledCalls: a read that depends on a
// throttled create answers 424, and is sent again with it.
func TestBatchRetriesTheDependentsOfThrottledCalls(t *testing.T) {
	clk := &clock{t: time.Now()}
	c := batchRetrying(t, clk, RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Minute, BaseBackoff: time.Second, MaxBackoff: time.Second})
	b := c.NewBatch()
	queueCreates(t, b, 5)
	id := "00000000-0000-4000-8000-0000000000ff"
	create, err := b.CreateAssignment(spectest.ExampleConfig, Assignment{Id: &id, Target: AllDevicesTarget()})
	if err != nil {
		t.Fatal(err)
	}
	read, err := b.GetAssignment(spectest.ExampleConfig, id, GetOptions{}, After(create))
	if err != nil {
		t.Fatal(err)
	}
	// The read depends on the create: the create must be the one the five
	// others leave throttled, so they go first.
	for _, s := range b.steps[:5] {
		if err := b.sendOnce(context.Background(), []*step{s}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, err := read.Result(); err != nil || *a.Id != id {
		t.Errorf("the read after the throttled create: %v, %v", a, err)
	}
	if create.s.attempts != 2 || read.s.attempts != 2 {
		t.Errorf("create and read sent %d and %d times, want 2 and 2", create.s.attempts, read.s.attempts)
	}
}

// TestBatchGivesUpOnThrottledCalls: with two attempts, the calls still
// throttled after the retry fail with ErrThrottled and their Retry-After.
func TestBatchGivesUpOnThrottledCalls(t *testing.T) {
	clk := &clock{t: time.Now()}
	c := batchRetrying(t, clk, RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Minute, BaseBackoff: time.Second, MaxBackoff: time.Second})
	b := c.NewBatch()
	creates := queueCreates(t, b, 12)
	if err := b.Send(context.Background()); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, q := range creates {
		_, err := q.Result()
		var e *Error
		switch {
		case err == nil:
		case errors.Is(err, ErrThrottled) && errors.As(err, &e) && e.RetryAfter > 0:
			failed++
		default:
			t.Errorf("create: %v, want success or ErrThrottled with a Retry-After", err)
		}
	}
	if failed != 2 || len(clk.sleeps) != 1 {
		t.Errorf("%d throttled after %d waits, want 2 after 1", failed, len(clk.sleeps))
	}
}
