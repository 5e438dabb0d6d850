package contract

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// pacer is the transport of a live run: it sends each request at the
// configured rate and within its own time limit, and retries a 429 or 503
// after its Retry-After. Once the request's context is done nothing more
// is sent; a request already sent runs to its end, so that its effect is
// known.
type pacer struct {
	next    http.RoundTripper
	limiter *rate.Limiter // nil: no limit
	// retries is how many times a 429 or 503 is sent again, when its
	// Retry-After asks for at most maxWait.
	retries int
	maxWait time.Duration
	timeout time.Duration // of each attempt
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// A retry sends the body again, so only a body that can be had again
	// (one http.NewRequest made of bytes) allows one.
	resendable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	body := req.Body
	for attempt := 0; ; attempt++ {
		if attempt > 0 && body != nil && body != http.NoBody {
			var err error
			if body, err = req.GetBody(); err != nil {
				return nil, err
			}
		}
		resp, err := p.send(ctx, req, body)
		if err != nil {
			return nil, err
		}
		wait, ok := retryAfter(resp, time.Now())
		if attempt >= p.retries || !ok || wait > p.maxWait || !resendable {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting %v to retry after %s: %w", wait, resp.Status, ctx.Err())
		case <-t.C:
		}
	}
}

// send makes one attempt with body, unless ctx is done. The attempt's own
// context does not end with ctx, only with its time limit.
func (p *pacer) send(ctx context.Context, req *http.Request, body io.ReadCloser) (*http.Response, error) {
	err := ctx.Err()
	if err == nil && p.limiter != nil {
		err = p.limiter.Wait(ctx)
	}
	if err != nil {
		if body != nil {
			_ = body.Close()
		}
		return nil, fmt.Errorf("not sent: %w", err)
	}
	attemptCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.timeout)
	out := req.WithContext(attemptCtx)
	out.Body = body
	resp, err := p.next.RoundTrip(out)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

// retryAfter is the wait a 429 or 503 asks for.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
