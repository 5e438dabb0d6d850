package spectest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
)

// Driver sends requests to a server and checks what every answer must be:
// Graph's correlation headers, and a response that kin-openapi validates
// against the spec (or, off the spec's operations, the spec's error body).
type Driver struct {
	// Base is the URL of the server's version root, e.g. srv.URL+"/beta".
	Base string
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Respell, when set, gives a path as the spec spells it, for a server
	// that routes paths in any case: the response is checked against the
	// operation the path reached.
	Respell func(path string) string
}

// Request is one call. Its body is sent as JSON unless it is a []byte, a
// string or an io.Reader (sent chunked), which go as they are.
type Request struct {
	Method string
	// Path is relative to the driver's Base, or an absolute URL.
	Path  string
	Query url.Values
	Body  any
	// ContentType defaults to application/json when there is a body.
	ContentType string
	Header      map[string]string
	// Token is sent as the bearer token; "" sends no Authorization.
	Token string
	// Valid says the request is meant to follow the spec: it must pass the
	// spec's request validation before it is sent.
	Valid bool
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Decode unmarshals the body into v.
func (r *Response) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decode %s: %w", r.Body, err)
	}
	return nil
}

// ErrInvalidRequest is the error of a Request marked Valid that the spec
// does not allow; nothing was sent.
var ErrInvalidRequest = errors.New("the request does not follow the spec")

// Do sends q and checks the answer. A nil response comes with an error that
// kept the request from being answered; a response with an error is one
// that breaks the spec or Graph's headers.
func (d *Driver) Do(ctx context.Context, q Request) (*Response, error) {
	req, body, err := d.NewRequest(ctx, q)
	if err != nil {
		return nil, err
	}
	root := d.root()
	if q.Valid {
		route, err := Spec().Route(req, root, body)
		if err == nil {
			err = route.CheckRequest(ctx, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, err)
		}
	}
	resp, err := d.Send(req)
	if err != nil {
		return nil, err
	}
	return resp, errors.Join(d.Check(ctx, req, resp), d.CheckBatchOf(ctx, req, body, resp))
}

// CheckBatchOf is CheckBatch of resp when req, whose body was body, is a
// batch (POST /$batch); else it checks nothing. Do checks every batch it
// sends so; this is its check for a request that Send sent.
func (d *Driver) CheckBatchOf(ctx context.Context, req *http.Request, body []byte, resp *Response) error {
	route, err := Spec().Route(d.respelled(req), d.root(), nil)
	if body == nil || err != nil || route.OperationID != BatchOperation {
		return nil
	}
	return CheckBatch(ctx, d.root(), body, resp)
}

// Send sends req with the driver's client and reads the whole answer,
// unchecked. With Check, it is Do for a request that Request cannot
// describe (a Host of its own, a header given twice).
func (d *Driver) Send(req *http.Request) (*Response, error) {
	hc := d.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	httpResp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer httpResp.Body.Close()
	raw, err := io.ReadAll(httpResp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read the response: %w", req.Method, req.URL, err)
	}
	return &Response{Status: httpResp.StatusCode, Header: httpResp.Header, Body: raw}, nil
}

// Check is Do's check of resp, the answer to req: Graph's correlation
// headers, the spec, and an absolute @odata.nextLink.
func (d *Driver) Check(ctx context.Context, req *http.Request, resp *Response) error {
	req = d.respelled(req)
	return errors.Join(CheckCorrelation(req, resp), Spec().CheckResponse(ctx, req, d.root(), resp), CheckNextLink(resp))
}

// respelled is req with its path as the spec spells it (see Respell).
func (d *Driver) respelled(req *http.Request) *http.Request {
	if d.Respell == nil {
		return req
	}
	p := d.Respell(req.URL.Path)
	if p == req.URL.Path {
		return req
	}
	req = req.Clone(req.Context())
	req.URL.Path, req.URL.RawPath = p, ""
	return req
}

// CheckNextLink requires the @odata.nextLink of a page, if it has one, to be
// an absolute URL: the spec's format uri, which kin-openapi does not check,
// and what Graph's paging needs, since a client follows the link as it is.
func CheckNextLink(resp *Response) error {
	var page struct {
		NextLink *string `json:"@odata.nextLink"`
	}
	if resp.Status != http.StatusOK || json.Unmarshal(resp.Body, &page) != nil || page.NextLink == nil {
		return nil
	}
	if u, err := url.Parse(*page.NextLink); err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("@odata.nextLink %q is not an absolute URL", *page.NextLink)
	}
	return nil
}

// NewRequest builds the HTTP request of q, and returns the body it sends
// (nil for a reader, which is not read in advance).
func (d *Driver) NewRequest(ctx context.Context, q Request) (*http.Request, []byte, error) {
	var (
		body   []byte
		reader io.Reader = http.NoBody
	)
	switch b := q.Body.(type) {
	case nil:
	case []byte:
		body = b
	case string:
		body = []byte(b)
	case io.Reader:
		reader = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, nil, err
		}
		body = raw
	}
	if body != nil {
		reader = bytes.NewReader(body)
	}
	target := q.Path
	if !strings.Contains(target, "://") {
		target = d.Base + target
	}
	if len(q.Query) > 0 {
		target += "?" + q.Query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, q.Method, target, reader)
	if err != nil {
		return nil, nil, err
	}
	if q.Body != nil {
		req.Header.Set("Content-Type", "application/json")
		if q.ContentType != "" {
			req.Header.Set("Content-Type", q.ContentType)
		}
	}
	for k, v := range q.Header {
		req.Header.Set(k, v)
	}
	if q.Token != "" {
		req.Header.Set("Authorization", "Bearer "+q.Token)
	}
	return req, body, nil
}

// root is the path of the version root.
func (d *Driver) root() string {
	u, err := url.Parse(d.Base)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.EscapedPath(), "/")
}

// CheckCorrelation requires Graph's correlation headers: a request-id GUID,
// and the client-request-id echoed (or, when none was sent, equal to the
// request-id).
func CheckCorrelation(req *http.Request, resp *Response) error {
	var errs []error
	rid := resp.Header.Get("request-id")
	if _, err := uuid.Parse(rid); err != nil {
		errs = append(errs, fmt.Errorf("request-id header %q is not a GUID", rid))
	}
	want := cmp.Or(req.Header.Get("client-request-id"), rid)
	if got := resp.Header.Get("client-request-id"); got != want {
		errs = append(errs, fmt.Errorf("client-request-id header = %q, want %q", got, want))
	}
	return errors.Join(errs...)
}
