package client

import (
	"context"
	"errors"
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
	api       *gen.ClientWithResponses // every call goes through it
	doer      gen.HttpRequestDoer      // the retries, under api
	base      *url.URL
	userAgent string
	ops       operations
	now       func() time.Time
	// retry and sleep are the retries of the calls inside a Batch, which
	// the transport's retries cannot see; maxBatch is the most calls a
	// batch carries.
	retry    RetryPolicy
	sleep    func(context.Context, time.Duration) error
	maxBatch int
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
	spec, err := loadValidator()
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
		now:       time.Now,
		retry:     cfg.retry,
		sleep:     sleepContext,
	}
	c.api, err = gen.NewClientWithResponses(cfg.baseURL.String(),
		gen.WithHTTPClient(responseDoer{c.doer}),
		gen.WithRequestEditorFn(c.prepare),
	)
	if err != nil {
		return nil, fmt.Errorf("client.New: %w", err)
	}
	err = errors.Join(
		bind(&c.ops.list, spec, c.now),
		bind(&c.ops.count, spec, c.now),
		bind(&c.ops.create, spec, c.now),
		bind(&c.ops.get, spec, c.now),
		bind(&c.ops.update, spec, c.now),
		bind(&c.ops.delete, spec, c.now),
		bind(&c.ops.assign, spec, c.now),
		bind(&c.ops.batch, spec, c.now),
	)
	if err != nil {
		return nil, fmt.Errorf("client.New: %w", err)
	}
	if c.maxBatch, err = c.ops.batch.maxItems("requests"); err != nil {
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

// operations are the calls of the operations the client implements.
type operations struct {
	list   call[*gen.ListAssignmentsResponse]
	count  call[*gen.CountAssignmentsResponse]
	create call[*gen.CreateAssignmentResponse]
	get    call[*gen.GetAssignmentResponse]
	update call[*gen.UpdateAssignmentResponse]
	delete call[*gen.DeleteAssignmentResponse]
	assign call[*gen.AssignResponse]
	batch  call[*gen.BatchResponse]
}

// response is what the client reads of every generated ...Response type.
type response interface {
	StatusCode() int
	Status() string
	ContentType() string
}

// call is one operation as the client calls it: its arguments checked
// against the spec (check, query), then its generated ...WithResponse
// method, whose response type is R, then result.
type call[R response] struct {
	*operation
	now func() time.Time
}

// bind makes k the call of R's operation in spec.
func bind[R response](k *call[R], spec *validator, now func() time.Time) error {
	op, err := operationOf[R](spec)
	if err != nil {
		return err
	}
	*k = call[R]{operation: op, now: now}
	return nil
}

// result checks what a generated ...WithResponse call of the operation
// returned, and passes on a response of the operation's success status and
// media type, whose body the generated code has decoded. Otherwise it
// returns an error: an *Error, read from Graph's error body, for a non-2xx
// response (which responseDoer keeps from the generated code); the transport
// error; the generated code's error reading the body; or an error for a 2xx
// status or a media type that is not the operation's. It takes the two
// results of the generated call directly.
func (k call[R]) result(rsp R, err error) (R, error) {
	var zero R
	var failed *errorResponse
	switch {
	case errors.As(err, &failed):
		return zero, newError(k.id, failed.rsp, k.now())
	case err != nil:
		return zero, fmt.Errorf("%s: %w", k.id, err)
	case rsp.StatusCode() != k.status:
		return zero, fmt.Errorf("%s: unexpected status %s, want %d", k.id, rsp.Status(), k.status)
	case !k.hasMedia(rsp.ContentType()):
		return zero, fmt.Errorf("%s: %s response is %q, not %s", k.id, rsp.Status(), rsp.ContentType(), k.media)
	}
	return rsp, nil
}
