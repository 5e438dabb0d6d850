package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/gen"
)

// The Graph headers the client reads and writes.
const (
	clientRequestIDHeader = "client-request-id"
	requestIDHeader       = "request-id"
)

// Client calls the enrollmentConfigurationAssignment endpoints of
// Microsoft Graph. It is safe for concurrent use; make one and reuse it.
type Client struct {
	api       *gen.ClientWithResponses
	doer      gen.HttpRequestDoer // retries; also follows @odata.nextLink
	base      *url.URL
	userAgent string
	check     *validator
	now       func() time.Time
}

// New returns a client configured by opts. Without options it calls
// DefaultBaseURL with DefaultRetryPolicy, DefaultTimeout and no
// Authorization header (see WithTokenSource).
func New(opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("client.New: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("client.New: %w", err)
		}
	}
	check, err := loadValidator()
	if err != nil {
		return nil, fmt.Errorf("client.New: %w", err)
	}

	// A copy, so that the caller's client is never modified.
	hc := http.Client{Timeout: DefaultTimeout}
	if cfg.httpClient != nil {
		hc = *cfg.httpClient
	}
	if cfg.timeout > 0 {
		hc.Timeout = cfg.timeout
	}
	if cfg.tokens != nil {
		// Under the retries, so that each attempt gets a valid token.
		hc.Transport = bearer{&oauth2.Transport{Source: oauth2.ReuseTokenSource(nil, cfg.tokens), Base: hc.Transport}}
	}

	c := &Client{
		doer:      &retryDoer{next: &hc, policy: cfg.retry, now: time.Now, sleep: sleepContext},
		base:      cfg.baseURL,
		userAgent: cfg.userAgent,
		check:     check,
		now:       time.Now,
	}
	c.api, err = gen.NewClientWithResponses(cfg.baseURL.String(),
		gen.WithHTTPClient(c.doer),
		gen.WithRequestEditorFn(c.prepare),
	)
	if err != nil {
		return nil, fmt.Errorf("client.New: %w", err)
	}
	return c, nil
}

// BaseURL is the Graph version root the client calls.
func (c *Client) BaseURL() string {
	return c.base.String()
}

// prepare adds the headers of every request, once per call: the retries of
// a call reuse them, so its client-request-id stays the same.
func (c *Client) prepare(_ context.Context, req *http.Request) error {
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if req.Header.Get(clientRequestIDHeader) == "" {
		req.Header.Set(clientRequestIDHeader, uuid.NewString())
	}
	return nil
}

// result returns the check of a generated call of op, which wants status
// want: it passes the response to parse, or returns an error: the transport
// error, an *Error for a non-2xx status, or an error for a 2xx status that is
// not the operation's. It is curried so that it can take the two results of
// the generated call directly.
//
// Non-2xx responses are not handed to the generated Parse functions: those
// fail on a body or a Retry-After they cannot type (such as fractional
// seconds), and the status would be lost with them.
func (c *Client) result(op string, want int) func(*http.Response, error) (*http.Response, error) {
	return func(rsp *http.Response, err error) (*http.Response, error) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
			return nil, newError(op, rsp, c.now())
		}
		if rsp.StatusCode != want {
			discard(rsp)
			return nil, fmt.Errorf("%s: unexpected status %s, want %d", op, rsp.Status, want)
		}
		rsp.Body = newLimitedBody(rsp.Body, maxResponseBody)
		return rsp, nil
	}
}
