package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
)

// The ids the tests use: the spec's example configuration (in the
// built-in fixtures) and one that no fixture has.
const (
	knownConfig   = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"
	unknownConfig = "e0b1c2d3-0000-4000-8000-000000000000_Unknown"
	testSecret    = "test-secret-of-the-emulator-tests"
)

// The scopes that grant every operation and only the reads, as the spec
// names them.
var (
	readWrite = specdoc.WriteScope()
	readOnly  = specdoc.ReadScope()
)

func assignmentsPath(configID string) string { return "/beta" + specdoc.AssignmentsPath(configID) }

func assignmentPath(configID, id string) string { return assignmentsPath(configID) + "/" + id }

func assignPath(configID string) string { return "/beta" + specdoc.AssignPath(configID) }

// rsaKey is one RSA key for every test that signs RS256 tokens.
var rsaKey = sync.OnceValue(newRSAKey)

// newRSAKey generates a key; a 2048-bit key takes long enough that each is
// made once and shared.
func newRSAKey() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
}

// spec is the document on disk, loaded once, with a router that matches
// the emulator's paths under /beta, for validating its responses.
var spec = sync.OnceValues(func() (*specRouter, error) {
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		return nil, err
	}
	local := *doc
	local.Servers = openapi3.Servers{{URL: "/beta"}}
	router, err := gorillamux.NewRouter(&local)
	if err != nil {
		return nil, err
	}
	return &specRouter{doc: doc, router: router}, nil
})

type specRouter struct {
	doc    *openapi3.T
	router routers.Router
}

// syncBuffer is a log sink the server writes to while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// emulator is the whole echo stack behind a real loopback HTTP server.
type emulator struct {
	*httptest.Server
	logs *syncBuffer
}

// testConfig is the configuration of the tests: the built-in fixtures,
// an HS256 secret of the tests and the RS256 key, logs to a buffer.
func testConfig(logs io.Writer) server.Config {
	return server.Config{
		BasePath: server.DefaultBasePath,
		Auth: server.AuthConfig{
			HS256Secret:    []byte(testSecret),
			RS256PublicKey: &rsaKey().PublicKey,
		},
		Logger: slog.New(slog.NewJSONHandler(logs, nil)),
	}
}

// startEmulator serves New(cfg) on loopback; change adjusts testConfig.
func startEmulator(t testing.TB, change ...func(*server.Config)) *emulator {
	t.Helper()
	logs := &syncBuffer{}
	cfg := testConfig(logs)
	for _, f := range change {
		f(&cfg)
	}
	e, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &emulator{Server: srv, logs: logs}
}

// token mints an HS256 token with the test secret; o's zero fields get
// MintToken's defaults.
func token(t testing.TB, o server.TokenOptions) string {
	t.Helper()
	if o.HS256Secret == nil && o.RS256PrivateKey == nil {
		o.HS256Secret = []byte(testSecret)
	}
	s, err := server.MintToken(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writer is a token that grants every operation.
func writer(t testing.TB) string { return token(t, server.TokenOptions{Scopes: []string{readWrite}}) }

// request is one call to the emulator. Body is sent as JSON unless it is
// a []byte, string or io.Reader, which are sent as they are.
type request struct {
	method string
	path   string // absolute URL, or a path on the emulator
	body   any
	header map[string]string // Content-Type defaults to application/json when there is a body
	token  string            // "" sends no Authorization header
}

// response is what came back, already checked against the spec.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode unmarshals the body into v, failing the test when it cannot.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends req and checks what every response must be: request-id and
// client-request-id headers, and a response that kin-openapi validates
// against the spec (status, headers and body) or, off the spec's paths, an
// error body of the spec's error schema.
func (e *emulator) do(t testing.TB, req request) *response {
	t.Helper()
	var body io.Reader = http.NoBody
	switch b := req.body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case string:
		body = strings.NewReader(b)
	case io.Reader:
		body = b // of unknown length: sent chunked
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	url := req.path
	if strings.HasPrefix(url, "/") {
		url = e.URL + url
	}
	httpReq, err := http.NewRequest(req.method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if req.body != nil {
		httpReq.Header.Set("Content-Type", "application/json")
	}
	for k, v := range req.header {
		httpReq.Header.Set(k, v)
	}
	if req.token != "" {
		httpReq.Header.Set("Authorization", "Bearer "+req.token)
	}
	httpResp, err := e.Client().Do(httpReq)
	if err != nil {
		t.Fatal(err)
	}
	defer httpResp.Body.Close()
	raw, err := io.ReadAll(httpResp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp := &response{status: httpResp.StatusCode, header: httpResp.Header, body: raw}
	checkCorrelation(t, httpReq, resp)
	checkAgainstSpec(t, httpReq, resp)
	return resp
}

// checkCorrelation requires a request-id GUID and the client-request-id
// echoed (or, when none was sent, equal to the request-id).
func checkCorrelation(t testing.TB, req *http.Request, resp *response) {
	t.Helper()
	rid := resp.header.Get("request-id")
	if _, err := uuid.Parse(rid); err != nil {
		t.Errorf("request-id header %q is not a GUID", rid)
	}
	want := req.Header.Get("client-request-id")
	if want == "" {
		want = rid
	}
	if got := resp.header.Get("client-request-id"); got != want {
		t.Errorf("client-request-id header = %q, want %q", got, want)
	}
}

// checkAgainstSpec validates the response with kin-openapi: against the
// operation when the request is on one of the spec's paths, else (an
// unknown path or method) as the spec's error body.
func checkAgainstSpec(t testing.TB, req *http.Request, resp *response) {
	t.Helper()
	sr, err := spec()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(req.URL.Path, "/beta/") {
		return // /healthz and /openapi.*, outside the spec
	}
	if p := server.SpecPath(req.URL.Path); p != req.URL.Path {
		// Path segments are case-insensitive: validate against the
		// operation the path reached.
		req = req.Clone(req.Context())
		req.URL.Path, req.URL.RawPath = p, ""
	}
	route, params, err := sr.router.FindRoute(req)
	if err != nil {
		if resp.status < 400 {
			t.Fatalf("%s %s answered %d but is not an operation of the spec", req.Method, req.URL.Path, resp.status)
		}
		var v any
		if err := json.Unmarshal(resp.body, &v); err != nil {
			t.Fatalf("error body is not JSON: %s", resp.body)
		}
		if err := sr.doc.Components.Schemas["odataError"].Value.VisitJSON(v); err != nil {
			t.Errorf("error body does not match the spec's odataError: %v\n%s", err, resp.body)
		}
		return
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 resp.status,
		Header:                 resp.header,
		Body:                   io.NopCloser(bytes.NewReader(resp.body)),
		Options:                opts,
	})
	if err != nil {
		t.Errorf("%s %s: response %d does not match the spec: %v\n%s", req.Method, req.URL.Path, resp.status, err, resp.body)
	}
}

// goInternals are signs of a message that leaks the implementation.
var goInternals = []string{"Schema:", "Value:", ".go:", "goroutine", "runtime.", "%!", "<nil>", "panic", "json:", "echo", "kin-openapi", "openapi3"}

// checkGraphError requires an error in Graph's shape with the status and
// code, its innerError matching the headers, and a message free of Go
// internals. It returns the decoded error, whose innerError it requires.
func checkGraphError(t testing.TB, resp *response, status int, code string) gen.OdataError {
	t.Helper()
	if resp.status != status {
		t.Errorf("status = %d, want %d; body %s", resp.status, status, resp.body)
	}
	var ge gen.OdataError
	resp.decode(t, &ge)
	e := ge.Error
	if e.Code != code {
		t.Errorf("error.code = %q, want %q", e.Code, code)
	}
	if e.Message == "" {
		t.Error("error.message is empty")
	}
	for _, bad := range goInternals {
		if strings.Contains(e.Message, bad) {
			t.Errorf("error.message %q contains %q", e.Message, bad)
		}
	}
	if e.InnerError == nil {
		t.Fatalf("no innerError in %s", resp.body)
	}
	if rid := value(e.InnerError.RequestId); rid != resp.header.Get("request-id") {
		t.Errorf("innerError.request-id = %q, header %q", rid, resp.header.Get("request-id"))
	}
	if crid := value(e.InnerError.ClientRequestId); crid != resp.header.Get("client-request-id") {
		t.Errorf("innerError.client-request-id = %q, header %q", crid, resp.header.Get("client-request-id"))
	}
	if date := value(e.InnerError.Date); date == "" {
		t.Error("innerError.date is missing")
	} else if _, err := time.Parse(time.RFC3339, date); err != nil {
		t.Errorf("innerError.date %q is not an RFC 3339 date-time", date)
	}
	if ct := resp.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	return ge
}

// value is what p points at, or "" for nil.
func value(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// create posts an assignment to knownConfig and returns it as stored.
func (e *emulator) create(t testing.TB, body any) map[string]any {
	t.Helper()
	resp := e.do(t, request{method: http.MethodPost, path: assignmentsPath(knownConfig), body: body, token: writer(t)})
	if resp.status != http.StatusCreated {
		t.Fatalf("create: status %d: %s", resp.status, resp.body)
	}
	var created map[string]any
	resp.decode(t, &created)
	return withoutContext(t, created, "/assignments/$entity")
}

// withoutContext checks that an answer's @odata.context is a metadata URL
// that ends with suffix, and returns the answer without it: the rest is the
// assignment (or page) itself.
func withoutContext(t testing.TB, answer map[string]any, suffix string) map[string]any {
	t.Helper()
	ctx, _ := answer["@odata.context"].(string)
	if !strings.Contains(ctx, "/$metadata#deviceManagement/deviceEnrollmentConfigurations('") || !strings.HasSuffix(ctx, suffix) {
		t.Errorf("@odata.context = %q, want a metadata URL ending in %q", ctx, suffix)
	}
	out := cloneMap(answer)
	delete(out, "@odata.context")
	return out
}

// answered is how the service answers an assignment it was sent: with the
// default @odata.type and source where the body has none, and each
// @odata.type in its canonical form, with '#'.
func answered(sent map[string]any) map[string]any {
	want := cloneMap(sent)
	want["@odata.type"] = "#microsoft.graph.enrollmentConfigurationAssignment"
	if want["source"] == nil {
		want["source"] = "direct"
	}
	for _, key := range []string{"@odata.context", "@odata.etag", "@odata.id", "@odata.editLink"} {
		delete(want, key)
	}
	if target, ok := want["target"].(map[string]any); ok {
		target = cloneMap(target)
		if name, ok := target["@odata.type"].(string); ok && !strings.HasPrefix(name, "#") {
			target["@odata.type"] = "#" + name
		}
		want["target"] = target
	}
	return want
}

// listAll follows @odata.nextLink from the first page to the end and
// returns every assignment and the number of pages.
func (e *emulator) listAll(t testing.TB, configID string, top int) (all []map[string]any, pages int) {
	t.Helper()
	url := assignmentsPath(configID)
	if top > 0 {
		url += "?$top=" + itoa(top)
	}
	tok := writer(t)
	for url != "" {
		resp := e.do(t, request{method: http.MethodGet, path: url, token: tok})
		if resp.status != http.StatusOK {
			t.Fatalf("list %s: status %d: %s", url, resp.status, resp.body)
		}
		var page struct {
			Value    []map[string]any `json:"value"`
			NextLink string           `json:"@odata.nextLink"`
		}
		resp.decode(t, &page)
		all = append(all, page.Value...)
		pages++
		if pages > 10000 {
			t.Fatal("@odata.nextLink does not reach the end")
		}
		url = page.NextLink
	}
	return all, pages
}
