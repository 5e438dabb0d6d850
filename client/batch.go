package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/gen"
)

// BatchRequest is the body of a JSON batch, batchRequestContent: up to 20
// requests, each with an id, a method, a URL relative to the version root
// and, optionally, headers, a body and the ids it depends on.
type BatchRequest = gen.BatchRequestContent

// BatchResponse is the answer of a JSON batch, batchResponseContent: one
// answer per request, in any order, each with the request's id, its status,
// headers and body.
type BatchResponse = gen.BatchResponseContent

// SendBatch implements batch, POST /$batch: it sends content as one JSON
// batch and returns the answers as the service gave them. Most callers
// want a Batch instead, which builds the requests from typed calls, splits
// them into batches of at most 20, retries the throttled ones and reads
// each answer into the call's result.
func (c *Client) SendBatch(ctx context.Context, content BatchRequest) (*BatchResponse, error) {
	if err := c.ops.batch.check(content); err != nil {
		return nil, err
	}
	rsp, err := c.ops.batch.result(c.api.BatchWithResponse(ctx, content))
	if err != nil {
		return nil, err
	}
	return rsp.JSON200, nil
}

// Batch queues calls of the API to send together as JSON batches: up to
// 20 requests per HTTP call (the spec's limit), as Graph takes them. Queue the
// calls with its methods, call Send, then read each call's result from
// what its method returned. A Batch is not safe for concurrent use.
//
// A call may depend on calls queued before it (After): it is then sent
// only once they succeeded, and fails with ErrDependencyFailed otherwise.
// Calls that do not depend on each other may run in any order, or at once.
type Batch struct {
	c     *Client
	steps []*step
}

// NewBatch returns an empty Batch of c's calls.
func (c *Client) NewBatch() *Batch { return &Batch{c: c} }

// Len is the number of calls queued.
func (b *Batch) Len() int { return len(b.steps) }

// Call is a call queued in a Batch, which later calls may depend on.
type Call interface {
	queued() *step
}

// Queued is a call queued in a Batch, whose result, of type T, is known
// once Send has sent it.
type Queued[T any] struct {
	s      *step
	decode func(*step) (T, error)
}

func (q *Queued[T]) queued() *step { return q.s }

// Result is the call's result: what the direct call would have returned,
// with the service's answer to the call's request inside the batch. Before
// Send has sent the call, the error is ErrNotSent.
func (q *Queued[T]) Result() (T, error) {
	var zero T
	switch s := q.s; {
	case s.err != nil:
		return zero, s.err
	case s.answer == nil:
		return zero, fmt.Errorf("%s: %w", s.op.id, ErrNotSent)
	}
	return q.decode(q.s)
}

// ErrNotSent is the error of a queued call whose request Send has not sent.
var ErrNotSent = errors.New("not sent (yet)")

// CallOption adjusts a call queued in a Batch.
type CallOption func(*step) error

// After makes the call depend on calls queued before it in the same Batch:
// it is sent only after they succeeded, and fails with ErrDependencyFailed
// when one of them did not.
func After(calls ...Call) CallOption {
	return func(s *step) error {
		for _, call := range calls {
			if call == nil {
				return fmt.Errorf("%s: After: a nil call", s.op.id)
			}
			s.deps = append(s.deps, call.queued())
		}
		return nil
	}
}

// step is a call queued in a Batch: its request in the batch, and once
// sent, the answer.
type step struct {
	op   *operation
	req  gen.BatchRequestItem
	deps []*step
	// index is the call's place in its Batch, which makes its request id.
	index int
	// answer is the service's answer, once there is one; err is the
	// call's failure without an answer (or with one that a retry was to
	// replace).
	answer   *gen.BatchResponseItem
	err      error
	attempts int
	now      func() time.Time // dates an error without a date of its own
}

// succeeded reports whether the step has a 2xx answer.
func (s *step) succeeded() bool {
	return s.err == nil && s.answer != nil && s.answer.Status >= 200 && s.answer.Status <= 299
}

// queue adds the request of op that build made (from the generated client's
// request builder, with the calls' own query editor) to b.
func queue[T any](b *Batch, op *operation, build func(server string) (*http.Request, error), decode func(*step) (T, error), opts []CallOption) (*Queued[T], error) {
	// With a trailing slash, as the generated client's own server URL: the
	// builders resolve the operation's path against it.
	req, err := build(strings.TrimSuffix(b.c.base.String(), "/") + "/")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.id, err)
	}
	if err := odataQuery(context.Background(), req); err != nil {
		return nil, fmt.Errorf("%s: %w", op.id, err)
	}
	s := &step{op: op, index: len(b.steps), now: b.c.now}
	s.req.Id = strconv.Itoa(s.index + 1)
	s.req.Method = req.Method
	s.req.Url = strings.TrimPrefix(req.URL.EscapedPath(), b.c.base.EscapedPath())
	if req.URL.RawQuery != "" {
		s.req.Url += "?" + req.URL.RawQuery
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.id, err)
		}
		s.req.Body = body
		s.req.Headers = &map[string]string{"Content-Type": req.Header.Get("Content-Type")}
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("%s: a nil CallOption", op.id)
		}
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	for _, dep := range s.deps {
		if dep.index >= len(b.steps) || b.steps[dep.index] != dep {
			return nil, fmt.Errorf("%s: After: the call is not queued before it in this Batch", op.id)
		}
	}
	b.steps = append(b.steps, s)
	return &Queued[T]{s: s, decode: decode}, nil
}
