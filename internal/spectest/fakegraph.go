package spectest

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// FakeRequestID is the request-id header of every answer of a FakeGraph.
const FakeRequestID = "11111111-2222-4333-8444-555555555555"

// Received is one request a FakeGraph accepted.
type Received struct {
	Op       string // operationId
	Method   string
	Path     string            // escaped, relative to the prefix
	Params   map[string]string // the path parameters, as kin-openapi read them
	Query    url.Values
	RawQuery string // the query as sent, escaped
	Header   http.Header
	Body     []byte
}

// FakeGraph stands in for Graph in front of a client. It serves only under
// its prefix, so that a client that builds a wrong URL fails loudly, and it
// validates every request against the spec (security included) before
// handing it to Next. A request that fails is answered with a Graph 400,
// recorded and reported.
type FakeGraph struct {
	// URL is the base URL to give the client: the server's and the prefix.
	URL string
	// Client is an HTTP client of the fake's server.
	Client *http.Client

	prefix string
	token  string // "" accepts any bearer token
	next   http.Handler
	report func(error)
	server *httptest.Server

	mu       sync.Mutex
	requests []Received
	invalid  []error
}

// StartFakeGraph starts a fake that serves under prefix (e.g. "/fake/beta"),
// accepts the bearer token (any, when token is ""), hands valid requests to
// next and calls report, when not nil, with each invalid one.
func StartFakeGraph(prefix, token string, next http.Handler, report func(error)) *FakeGraph {
	f := &FakeGraph{prefix: prefix, token: token, next: next, report: report}
	f.server = httptest.NewServer(f)
	f.URL, f.Client = f.server.URL+prefix, f.server.Client()
	return f
}

// NewFakeGraph starts a fake for a test, which fails on every request that
// breaks the spec; the fake stops with the test.
func NewFakeGraph(tb testing.TB, prefix, token string, next http.Handler) *FakeGraph {
	tb.Helper()
	f := StartFakeGraph(prefix, token, next, func(err error) { tb.Errorf("request failed the spec's validation: %v", err) })
	tb.Cleanup(f.Close)
	return f
}

// Close stops the server.
func (f *FakeGraph) Close() { f.server.Close() }

// Requests returns the requests that passed validation so far.
func (f *FakeGraph) Requests() []Received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Received(nil), f.requests...)
}

// Invalid returns the validation failures so far, joined; nil if none.
func (f *FakeGraph) Invalid() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return errors.Join(f.invalid...)
}

// Reset forgets the requests and failures so far.
func (f *FakeGraph) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests, f.invalid = nil, nil
}

func (f *FakeGraph) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Graph's headers on every response; Next may replace them.
	w.Header().Set("request-id", FakeRequestID)
	w.Header().Set("client-request-id", cmp.Or(r.Header.Get("client-request-id"), FakeRequestID))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.reject(w, r, fmt.Errorf("read body: %w", err))
		return
	}
	route, err := Spec().Route(r, f.prefix, body)
	if err == nil {
		err = route.CheckRequest(r.Context(), f.authenticate)
	}
	if err != nil {
		f.reject(w, r, err)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, Received{
		Op: route.OperationID, Method: r.Method, Path: route.req.URL.RawPath,
		Params: route.Params, Query: r.URL.Query(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
	})
	f.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.next.ServeHTTP(w, r)
}

// authenticate is the spec's security check: a bearer token, the fake's
// own when it has one.
func (f *FakeGraph) authenticate(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
	if f.token == "" {
		return BearerToken(ctx, in)
	}
	if got := in.RequestValidationInput.Request.Header.Get("Authorization"); got != "Bearer "+f.token {
		return fmt.Errorf("authorization %q, want the bearer token %q", got, f.token)
	}
	return nil
}

func (f *FakeGraph) reject(w http.ResponseWriter, r *http.Request, err error) {
	err = fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	f.mu.Lock()
	f.invalid = append(f.invalid, err)
	f.mu.Unlock()
	if f.report != nil {
		f.report(err)
	}
	WriteGraphError(w, r, http.StatusBadRequest, err.Error())
}

// Reply is one canned response of Replies.
type Reply struct {
	Status int
	Header map[string]string
	Body   any // encoded as JSON unless it is []byte; nil: no body
}

// Replies answers with replies in order, and with the last one for ever
// after.
func Replies(replies ...Reply) http.Handler {
	var mu sync.Mutex
	n := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		rep := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()
		for k, v := range rep.Header {
			w.Header().Set(k, v)
		}
		switch body := rep.Body.(type) {
		case nil:
			w.WriteHeader(rep.Status)
		case []byte:
			w.WriteHeader(rep.Status)
			_, _ = w.Write(body)
		default:
			WriteJSON(w, rep.Status, body)
		}
	})
}
