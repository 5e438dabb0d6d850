package client

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// ErrDependencyFailed is wrapped by, or matched by, the error of a call
// that was not run because a call it depends on (After) did not succeed:
// the service's 424 answer, or the client's refusal to send a call whose
// dependency, in an earlier batch, failed.
var ErrDependencyFailed error = &sentinel{"dependency failed", graphcode.FailedDependency}

// Send sends the calls queued since the last Send, in the order queued, as
// batches of at most MaxBatchRequests requests, one batch after another,
// and gives each call its result. A call that depends on calls of an
// earlier batch goes only if they succeeded.
//
// A call whose answer asks to retry it later (429, 503 or 504 with
// Retry-After) is sent again, with the calls of its batch that failed
// because they depend on it and no others, after the longest Retry-After
// among them, as the client's RetryPolicy allows: up to MaxAttempts
// attempts of each call within MaxElapsed of the start of Send. After the
// last attempt, the call's result is the last answer's *Error
// (ErrThrottled for a 429).
//
// Send returns an error when a batch as a whole failed (its *Error, or the
// transport's error): the calls of that batch and of the later ones then
// have that error. The calls' own failures are their results' errors, not
// Send's.
func (b *Batch) Send(ctx context.Context) error {
	var pending []*step
	for _, s := range b.steps {
		if s.answer == nil && s.err == nil {
			pending = append(pending, s)
		}
	}
	start := b.c.now()
	for i := 0; i < len(pending); i += b.c.maxBatch {
		chunk := pending[i:min(i+b.c.maxBatch, len(pending))]
		if err := b.sendWithRetries(ctx, chunk, start); err != nil {
			for _, s := range pending[i:] {
				if s.answer == nil && s.err == nil {
					s.err = fmt.Errorf("%s: %w", s.op.id, err)
				}
			}
			return err
		}
	}
	return nil
}

// sendWithRetries sends one batch's calls, then again those that asked to
// be retried, while the policy allows.
func (b *Batch) sendWithRetries(ctx context.Context, calls []*step, start time.Time) error {
	policy := b.c.retry
	for attempt := 1; ; attempt++ {
		if err := b.sendOnce(ctx, calls); err != nil {
			return err
		}
		retry, wait := b.retryable(calls, attempt)
		if len(retry) == 0 {
			return nil
		}
		now := b.c.now()
		if policy.MaxAttempts <= attempt || now.Sub(start)+wait > policy.MaxElapsed {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && !now.Add(wait).Before(deadline) {
			return nil
		}
		if err := b.c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("waiting %v to retry %d calls of a batch: %w", wait, len(retry), err)
		}
		for _, s := range retry {
			s.answer = nil
		}
		calls = retry
	}
}

// sendOnce sends calls as one batch and sets their answers. A call whose
// dependency outside the batch failed is not sent: it fails at once, as do
// the calls that depend on it.
func (b *Batch) sendOnce(ctx context.Context, calls []*step) error {
	inBatch := make(map[*step]bool, len(calls))
	var content BatchRequest
	var sent []*step
	for _, s := range calls {
		req := s.req
		var deps []string
		for _, d := range s.deps {
			switch {
			case inBatch[d]:
				deps = append(deps, d.req.Id)
			case !d.succeeded():
				s.err = fmt.Errorf("%s: %w: it depends on call %s (%s), which failed", s.op.id, ErrDependencyFailed, d.req.Id, d.op.id)
			}
		}
		if s.err != nil {
			continue
		}
		if deps != nil {
			req.DependsOn = &deps
		}
		inBatch[s] = true
		s.attempts++
		sent = append(sent, s)
		content.Requests = append(content.Requests, req)
	}
	if len(sent) == 0 {
		return nil
	}
	rsp, err := b.c.SendBatch(ctx, content)
	if err != nil {
		return err
	}
	byID := make(map[string]*gen.BatchResponseItem, len(rsp.Responses))
	for i := range rsp.Responses {
		byID[rsp.Responses[i].Id] = &rsp.Responses[i]
	}
	for _, s := range sent {
		if s.answer = byID[s.req.Id]; s.answer == nil {
			s.err = fmt.Errorf("%s: the batch's response has no answer to request %s", s.op.id, s.req.Id)
		}
	}
	return nil
}

// retryable returns the calls that asked to be retried, with the calls of
// the batch that failed (424) because they depend on one of them, and the
// wait before the next attempt: the longest Retry-After, else the policy's
// backoff. A call that has made MaxAttempts attempts is not retried.
func (b *Batch) retryable(calls []*step, attempt int) ([]*step, time.Duration) {
	var (
		retry []*step
		again = map[*step]bool{}
		wait  time.Duration
		now   = b.c.now()
	)
	for _, s := range calls {
		if s.answer == nil {
			continue
		}
		status := int(s.answer.Status)
		switch {
		case graphcode.Retryable(status) && s.attempts < b.c.retry.MaxAttempts:
			d, ok := parseRetryAfter(retryAfterOf(s.answer), now)
			if !ok {
				d = b.c.retry.backoff(attempt)
			}
			wait = max(wait, d)
		case status == graphcode.Status(graphcode.FailedDependency) && dependsOnAny(s, again):
		default:
			continue
		}
		again[s] = true
		retry = append(retry, s)
	}
	return retry, wait
}

// dependsOnAny reports whether s depends on one of the steps of set.
func dependsOnAny(s *step, set map[*step]bool) bool {
	for _, d := range s.deps {
		if set[d] {
			return true
		}
	}
	return false
}

// retryAfterOf is the Retry-After header of an answer, whatever its case.
func retryAfterOf(a *gen.BatchResponseItem) string {
	if a.Headers == nil {
		return ""
	}
	for name, value := range *a.Headers {
		if strings.EqualFold(name, "Retry-After") {
			return value
		}
	}
	return ""
}
