package client

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/internal/waits"
)

// RetryPolicy says how a call retries the responses Graph asks clients to
// retry: 429 Too Many Requests, 503 Service Unavailable and 504 Gateway
// Timeout. No other status, and no transport error, is retried: a create
// that failed on the way back may have been applied.
//
// The wait before a retry is the response's Retry-After (seconds, fractional
// seconds or an HTTP date) when it has one, else an exponential backoff with
// jitter. A call stops retrying, and returns the last response as an *Error,
// when it has made MaxAttempts attempts or when the next wait would end after
// MaxElapsed from the start of the call or after the context's deadline. A
// cancelled context ends the wait at once.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts of one call, the first included.
	// 1 turns retries off, and then the other fields are not used.
	MaxAttempts int
	// MaxElapsed bounds the time from the start of a call to the start of
	// its last attempt.
	MaxElapsed time.Duration
	// BaseBackoff is the wait before the first retry of a response without
	// Retry-After; it doubles with each retry up to MaxBackoff.
	BaseBackoff time.Duration
	// MaxBackoff caps the backoff. It does not cap Retry-After: Graph asks
	// for that wait, and a call that cannot afford it stops instead.
	MaxBackoff time.Duration
	// Jitter is the fraction, 0 to 1, of each backoff that is randomly taken
	// off, so that throttled clients do not retry in step.
	Jitter float64
}

// DefaultRetryPolicy is the policy of a client without WithRetryPolicy: four
// attempts within two minutes, backing off from 500 ms to 30 s with 50%
// jitter.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts: 4,
		MaxElapsed:  2 * time.Minute,
		BaseBackoff: 500 * time.Millisecond,
		MaxBackoff:  30 * time.Second,
		Jitter:      0.5,
	}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("MaxAttempts %d: must be at least 1", p.MaxAttempts)
	case p.MaxAttempts == 1:
		return nil
	case p.MaxElapsed <= 0:
		return fmt.Errorf("MaxElapsed %v: must be positive", p.MaxElapsed)
	case p.BaseBackoff <= 0:
		return fmt.Errorf("BaseBackoff %v: must be positive", p.BaseBackoff)
	case p.MaxBackoff < p.BaseBackoff:
		return fmt.Errorf("MaxBackoff %v: must be at least BaseBackoff %v", p.MaxBackoff, p.BaseBackoff)
	case !(p.Jitter >= 0 && p.Jitter <= 1): // also rejects NaN
		return fmt.Errorf("RetryPolicy.Jitter %v: must be between 0 and 1", p.Jitter)
	}
	return nil
}

// backoff is the wait before retry number attempt (1 for the first retry)
// of a response without Retry-After.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseBackoff
	for i := 1; i < attempt && d < p.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.MaxBackoff)
	return d - time.Duration(rand.Float64()*p.Jitter*float64(d))
}

// maxRetryAfter caps a parsed Retry-After, so that arithmetic on it cannot
// overflow; a wait that long exceeds any sensible MaxElapsed anyway.
const maxRetryAfter = 7 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: whole or fractional seconds, or
// an HTTP date, which is taken relative to now (a date in the past means no
// wait). ok is false for a missing or unreadable value.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if isDecimal(v) {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false
		}
		if secs*float64(time.Second) >= float64(maxRetryAfter) {
			return maxRetryAfter, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), maxRetryAfter), true
}

// isDecimal reports whether v is digits with at most one '.', which keeps
// strconv.ParseFloat's other forms (signs, exponents, hex, Inf, NaN) out of
// Retry-After.
func isDecimal(v string) bool {
	digits, dots := 0, 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// retryDoer is the gen.HttpRequestDoer under the generated client: it
// sends a request through next and retries it as its policy says. Retrying
// below the generated client means every operation gets the same retries,
// with the request body replayed through req.GetBody and the request's
// headers, client-request-id included, kept across attempts.
type retryDoer struct {
	next   gen.HttpRequestDoer
	policy RetryPolicy
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
}

// Do sends req and retries it while the policy allows. It returns the last
// response, whatever its status; a transport error or a cancelled context
// returns an error.
func (d *retryDoer) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	start := d.now()
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		try := req
		if attempt > 1 {
			var err error
			if try, err = rewind(req); err != nil {
				return nil, err
			}
		}
		rsp, err := d.next.Do(try)
		if err != nil {
			return nil, err
		}
		wait, retry := d.wait(req, rsp, attempt, start)
		if !retry {
			return rsp, nil
		}
		discard(rsp)
		if err := d.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting %v to retry after %s: %w", wait, rsp.Status, err)
		}
	}
}

// wait decides whether the response to attempt is retried, and after how
// long.
func (d *retryDoer) wait(req *http.Request, rsp *http.Response, attempt int, start time.Time) (time.Duration, bool) {
	if !graphcode.Retryable(rsp.StatusCode) || attempt >= d.policy.MaxAttempts {
		return 0, false
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return 0, false // the body cannot be sent again
	}
	now := d.now()
	wait, ok := parseRetryAfter(rsp.Header.Get("Retry-After"), now)
	if !ok {
		wait = d.policy.backoff(attempt)
	}
	if now.Sub(start)+wait > d.policy.MaxElapsed {
		return 0, false
	}
	if deadline, ok := req.Context().Deadline(); ok && !now.Add(wait).Before(deadline) {
		return 0, false // the context would end before the retry starts
	}
	return wait, true
}

// rewind copies req for another attempt, with a fresh copy of its body.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("replay the request body: %w", err)
		}
		r.Body = body
	}
	return r, nil
}

// discard reads a little of a response that is not returned, so that its
// connection can be reused, and closes it.
func discard(rsp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rsp.Body, maxErrorBody))
	_ = rsp.Body.Close()
}

// sleepContext waits for d, or until ctx is done.
var sleepContext = waits.Sleep
