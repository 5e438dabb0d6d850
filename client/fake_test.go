package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
)

// The fixed values of the tests: the spec's example ids, the prefix the
// fake serves under.
const (
	configID     = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"
	assignmentID = "705b021c-021c-705b-1c02-5b701c025b70"
	prefix       = "/prefix/beta"
)

// specRouter routes requests to the operations of openapi/openapi.yaml, the
// document on disk, loaded once.
var specRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		return nil, err
	}
	return specdoc.NewRouter(doc)
})

// received is one request the fake accepted.
type received struct {
	Op       string // operationId
	Method   string
	Path     string            // escaped, relative to the prefix
	Params   map[string]string // the path parameters, as kin-openapi read them
	Query    url.Values
	RawQuery string // the query as sent, escaped
	Header   http.Header
	Body     []byte
}

// graphFake stands in for Graph. It serves only under prefix, so that a
// client that builds a wrong URL fails loudly, and it validates every
// request with kin-openapi (openapi3filter.ValidateRequest, security
// included) before handing it to next. A request that fails is answered
// with a Graph 400, recorded, and reported.
type graphFake struct {
	URL    string // the base URL to give the client
	server *httptest.Server
	next   http.Handler
	token  string
	report func(error) // nil: the invalid request is only recorded

	mu       sync.Mutex
	requests []received
	invalid  []error
}

// startGraphFake starts a fake that hands valid requests to next.
func startGraphFake(next http.Handler, report func(error)) (*graphFake, error) {
	if _, err := specRouter(); err != nil {
		return nil, err
	}
	f := &graphFake{next: next, token: testToken, report: report}
	f.server = httptest.NewServer(f)
	f.URL = f.server.URL + prefix
	return f, nil
}

// newGraphFake starts a fake for a test, which fails on any request that
// does not pass the spec's validation.
func newGraphFake(tb testing.TB, next http.Handler) *graphFake {
	tb.Helper()
	f, err := startGraphFake(next, func(err error) { tb.Errorf("request failed the spec's validation: %v", err) })
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(f.Close)
	return f
}

// Close stops the server.
func (f *graphFake) Close() { f.server.Close() }

// Requests returns the requests that passed validation so far.
func (f *graphFake) Requests() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.requests...)
}

// Invalid returns the validation failures so far.
func (f *graphFake) Invalid() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]error(nil), f.invalid...)
}

// Reset forgets the requests and failures so far.
func (f *graphFake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests, f.invalid = nil, nil
}

func (f *graphFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.reject(w, r, fmt.Errorf("read body: %w", err))
		return
	}
	rel, ok := strings.CutPrefix(r.URL.EscapedPath(), prefix+"/")
	if !ok {
		f.reject(w, r, fmt.Errorf("%s %s is not under %s", r.Method, r.URL, prefix))
		return
	}
	router, _ := specRouter()
	vr := r.Clone(r.Context())
	vr.URL.RawPath = "/" + rel
	if vr.URL.Path, err = url.PathUnescape(vr.URL.RawPath); err != nil {
		f.reject(w, r, err)
		return
	}
	vr.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(vr)
	if err != nil {
		f.reject(w, r, fmt.Errorf("%s %s: %w", r.Method, r.URL, err))
		return
	}
	err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request:    vr,
		PathParams: params,
		Route:      route,
		Options:    &openapi3filter.Options{AuthenticationFunc: f.authenticate},
	})
	if err != nil {
		f.reject(w, r, fmt.Errorf("%s %s: %w", r.Method, r.URL, err))
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, received{
		Op: route.Operation.OperationID, Method: r.Method, Path: "/" + rel,
		Params: params, Query: r.URL.Query(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
	})
	f.mu.Unlock()

	// Graph's headers on every response; a scripted reply may replace them.
	w.Header().Set("request-id", "11111111-2222-4333-8444-555555555555")
	if id := r.Header.Get("client-request-id"); id != "" {
		w.Header().Set("client-request-id", id)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.next.ServeHTTP(w, r)
}

// authenticate is the security check of the spec: a bearer token, and the
// one the test client was given.
func (f *graphFake) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if got := in.RequestValidationInput.Request.Header.Get("Authorization"); got != "Bearer "+f.token {
		return fmt.Errorf("authorization %q, want the bearer token %q", got, f.token)
	}
	return nil
}

func (f *graphFake) reject(w http.ResponseWriter, r *http.Request, err error) {
	f.mu.Lock()
	f.invalid = append(f.invalid, err)
	f.mu.Unlock()
	if f.report != nil {
		f.report(err)
	}
	writeGraphError(w, r, http.StatusBadRequest, err.Error())
}

// writeGraphError answers with Graph's error shape, the code taken from
// internal/graphcode.
func writeGraphError(w http.ResponseWriter, r *http.Request, status int, message string) {
	clientRequestID := r.Header.Get("client-request-id")
	date := "2026-01-15T10:20:30Z"
	requestID := "11111111-2222-4333-8444-555555555555"
	writeJSON(w, status, gen.OdataError{Error: gen.MainError{
		Code:    graphcode.Code(status),
		Message: message,
		InnerError: &gen.InnerError{
			RequestId:       &requestID,
			ClientRequestId: &clientRequestID,
			Date:            &date,
		},
	}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newTestClient returns a client of f with its token and a quick retry
// policy; opts come last and so override them.
func newTestClient(tb testing.TB, f *graphFake, opts ...client.Option) *client.Client {
	tb.Helper()
	c, err := client.New(append([]client.Option{
		client.WithBaseURL(f.URL),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})),
		client.WithRetryPolicy(quickRetries),
	}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// quickRetries retries with waits of a few milliseconds.
var quickRetries = client.RetryPolicy{
	MaxAttempts: 4,
	MaxElapsed:  time.Minute,
	BaseBackoff: time.Millisecond,
	MaxBackoff:  4 * time.Millisecond,
	Jitter:      0.5,
}

// reply is one canned response.
type reply struct {
	status int
	header map[string]string
	body   any // encoded as JSON unless it is []byte; nil: no body
}

// scripted answers with replies in order, and with the last one for ever
// after.
func scripted(replies ...reply) http.Handler {
	var mu sync.Mutex
	n := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		rep := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		switch body := rep.body.(type) {
		case nil:
			w.WriteHeader(rep.status)
		case []byte:
			w.WriteHeader(rep.status)
			_, _ = w.Write(body)
		default:
			writeJSON(w, rep.status, body)
		}
	})
}

// emulatorSecret signs testToken, and the emulator verifies it.
var emulatorSecret = []byte("client-tests-secret")

// testToken is an access token the emulator accepts, with the write
// permission (which also grants the reads).
var testToken = func() string {
	tok, err := server.MintToken(server.TokenOptions{
		Scopes:      []string{"DeviceManagementServiceConfig.ReadWrite.All"},
		TTL:         24 * time.Hour,
		HS256Secret: emulatorSecret,
	})
	if err != nil {
		panic(err)
	}
	return tok
}()

// newEmulator is the real emulator of the assignments endpoints, mounted
// under prefix, with its built-in configurations (configID among them), an
// empty store and lists paged by pageSize unless $top says otherwise.
func newEmulator(pageSize int) http.Handler {
	e, err := server.New(server.Config{
		BasePath: prefix,
		PageSize: pageSize,
		Auth:     server.AuthConfig{HS256Secret: emulatorSecret},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		panic(err)
	}
	return e
}

// jsonValue is v as generic JSON, for comparing bodies whatever their Go
// type or key order.
func jsonValue(tb testing.TB, v any) any {
	tb.Helper()
	raw, ok := v.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			tb.Fatal(err)
		}
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("%v in %s", err, raw)
	}
	return out
}
