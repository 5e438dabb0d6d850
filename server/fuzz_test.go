package server_test

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/net/http/httpguts"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/store"
)

// FuzzServer sends random requests through the whole stack, over loopback
// HTTP, and checks every answer: no 5xx, no panic and no error in the logs,
// the correlation headers, and a response that validates against the spec,
// each answer inside a batch's response included.
//
// An input is a method, a path (mostly from the spec's templates), a raw
// query, a few headers, an Authorization choice and a body, optionally
// compressed or sent chunked. Every input starts from the same store, so a
// failing input fails again on its own.
func FuzzServer(f *testing.F) {
	st := newFuzzStore()
	emu := startFuzzEmulator(f, st)
	tokens := fuzzTokens(f)
	for _, in := range fuzzSeeds(f) {
		f.Add(in.method, in.target, in.segment, in.query, in.headers, in.auth, in.encoding, in.body)
	}
	f.Fuzz(func(t *testing.T, method, target byte, segment, query, headers string, auth, encoding byte, body []byte) {
		in := fuzzInput{method, target, segment, query, headers, auth, encoding, body}
		st.reset()
		req, ok := in.request(emu.URL, tokens)
		if !ok {
			t.Skip("not a request the client can send")
		}
		resp, err := emu.driver.Send(req)
		if err != nil {
			t.Fatalf("%s\ntransport error: %v\nlogs:\n%s", in, err, emu.logs.take())
		}
		if resp.Header.Get("request-id") == "" && fromNetHTTP(resp) {
			t.Skipf("refused by net/http before the handler: %d %s", resp.Status, resp.Body)
		}
		logs, logged := emu.waitForAccessLog(resp.Header.Get("request-id"))
		t.Logf("%s %s: %d %.200s", req.Method, req.URL.RequestURI(), resp.Status, resp.Body)
		if !logged {
			t.Errorf("%s\nno access log line for request-id %q; logs:\n%s", in, resp.Header.Get("request-id"), logs)
		}
		checkFuzzResponse(t, emu, in, req, resp, logs)
	})
}

// fuzzInput is one input of FuzzServer; see request for how it becomes an
// HTTP request.
type fuzzInput struct {
	method   byte   // an index into fuzzMethods
	target   byte   // the path: template, configuration id and assignment id
	segment  string // a path segment (or whole path) for the templates that take one
	query    string // the raw query, without '?'
	headers  string // "Name: value" lines
	auth     byte   // an index into the Authorization choices of fuzzTokens
	encoding byte   // how the body is sent: low 2 bits compression, bit 2 chunked
	body     []byte
}

func (in fuzzInput) String() string {
	return fmt.Sprintf("input: method=%d target=%d segment=%q query=%q headers=%q auth=%d encoding=%d body=%q",
		in.method, in.target, in.segment, in.query, in.headers, in.auth, in.encoding, in.body)
}

var fuzzMethods = []string{
	http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete,
	http.MethodPut, http.MethodHead, http.MethodOptions, http.MethodTrace,
	"get", "PROPFIND", "M-SEARCH",
}

// The targets' low four bits choose the path template.
const (
	targetAssignments     = iota // .../{config}/assignments
	targetAssignment             // .../{config}/assignments/{id}
	targetAssign                 // .../{config}/assign
	targetConfiguration          // .../{config}
	targetConfigurations         // /beta/deviceManagement/deviceEnrollmentConfigurations
	targetBelowAssignment        // .../{config}/assignments/{id}/{segment}
	targetBeta                   // /beta/{segment}
	targetRaw                    // {segment}, the whole path
	targetHealthz
	targetOpenAPIJSON
	targetOpenAPIYAML
	targetAssignmentsSlash // .../{config}/assignments/
	targetOtherVersion     // /v1.0/.../{config}/assignments
	targetCount            // .../{config}/assignments/$count
	targetAssignSlash      // .../{config}/assign/
	targetBetaNoSlash      // /beta{segment}
)

// The targets' bits 4-5 choose the configuration id, bits 6-7 the
// assignment id.
const (
	configKnown = iota
	configUnknown
	configSegment
	configOther // a known configuration without assignments
)

const (
	idExisting = iota
	idSegment
	idMissing
	idSecond
)

// otherConfig is a known configuration that has no assignments in the
// fuzz store.
const otherConfig = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultLimit"

// secondID is another assignment the fuzz store starts with.
const secondID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"

func (in fuzzInput) path() string {
	var config string
	switch in.target >> 4 & 3 {
	case configKnown:
		config = knownConfig
	case configUnknown:
		config = unknownConfig
	case configSegment:
		config = in.segment
	case configOther:
		config = otherConfig
	}
	var id string
	switch in.target >> 6 {
	case idExisting:
		id = existingID
	case idSegment:
		id = in.segment
	case idMissing:
		id = "no-such-id"
	case idSecond:
		id = secondID
	}
	const configurations = "/beta/deviceManagement/deviceEnrollmentConfigurations"
	switch in.target & 15 {
	case targetAssignments:
		return assignmentsPath(config)
	case targetAssignment:
		return assignmentPath(config, id)
	case targetAssign:
		return assignPath(config)
	case targetConfiguration:
		return configurations + "/" + config
	case targetConfigurations:
		return configurations
	case targetBelowAssignment:
		return assignmentPath(config, id) + "/" + in.segment
	case targetBeta:
		return "/beta/" + in.segment
	case targetRaw:
		if strings.HasPrefix(in.segment, "/") {
			return in.segment
		}
		return "/" + in.segment
	case targetHealthz:
		return "/healthz"
	case targetOpenAPIJSON:
		return "/openapi.json"
	case targetOpenAPIYAML:
		return "/openapi.yaml"
	case targetAssignmentsSlash:
		return assignmentsPath(config) + "/"
	case targetOtherVersion:
		return strings.Replace(assignmentsPath(config), "/beta/", "/v1.0/", 1)
	case targetCount:
		return assignmentsPath(config) + "/$count"
	case targetAssignSlash:
		return assignPath(config) + "/"
	default: // targetBetaNoSlash
		return "/beta" + in.segment
	}
}

// Authorization choices, an index into fuzzTokens' result by auth modulo
// its length.
const (
	authNone = iota
	authWriter
	authReader
	authGarbage
	authBasic
	authExpired
	authAppOnly
	authOtherSecret
)

// fuzzTokens are the Authorization header values of the auth choices.
func fuzzTokens(t testing.TB) []string {
	now := time.Now()
	return []string{
		authNone:        "",
		authWriter:      "Bearer " + writer(t),
		authReader:      "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readOnly}}),
		authGarbage:     "Bearer not.a.jwt",
		authBasic:       "Basic dXNlcjpwYXNz",
		authExpired:     "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, IssuedAt: now.Add(-2 * time.Hour), TTL: time.Hour}),
		authAppOnly:     "Bearer " + token(t, auth.TokenOptions{Roles: []string{readWrite}}),
		authOtherSecret: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, HS256Secret: []byte("another secret")}),
	}
}

// Body encodings: the low two bits compress the body (the Content-Encoding
// header is only what the input's headers say), bit 2 sends it chunked.
const (
	bodyPlain = iota
	bodyGzip
	bodyZlib
	bodyFlate
	bodyChunked = 4
)

// maxFuzzBody bounds the bodies sent: far over the emulator's limit, and
// small enough that the server, which answers 413 without reading all of
// it, does not close the connection while the client still writes.
const maxFuzzBody = 16 * testBodyLimit

// request builds the HTTP request of the input, or reports false when it is
// not one the client can send: an invalid URL or method, or a header the
// transport would refuse.
func (in fuzzInput) request(base string, tokens []string) (*http.Request, bool) {
	u, err := url.Parse(base + in.path())
	if err != nil {
		return nil, false
	}
	if in.query != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += in.query
	}
	// A space or control byte in the query would be sent as is and break
	// the request line; net/http answers those before the handler.
	if strings.ContainsFunc(u.RawQuery, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		u.RawQuery = strings.NewReplacer(" ", "%20").Replace(u.RawQuery)
		if strings.ContainsFunc(u.RawQuery, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return nil, false
		}
	}
	u.Fragment, u.RawFragment = "", ""
	body, err := encodeBody(in.body, in.encoding)
	if err != nil || len(body) > maxFuzzBody {
		return nil, false
	}
	var reader io.Reader = http.NoBody
	if len(body) > 0 {
		reader = bytes.NewReader(body)
		if in.encoding&bodyChunked != 0 {
			reader = io.MultiReader(bytes.NewReader(body)) // of unknown length: sent chunked
		}
	}
	req, err := http.NewRequest(fuzzMethods[int(in.method)%len(fuzzMethods)], u.String(), reader)
	if err != nil {
		return nil, false
	}
	if auth := tokens[int(in.auth)%len(tokens)]; auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for line := range strings.SplitSeq(in.headers, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		name = strings.TrimSpace(name)
		value = strings.Trim(value, " \t\r")
		if !httpguts.ValidHeaderFieldName(name) || !httpguts.ValidHeaderFieldValue(value) {
			return nil, false
		}
		switch textproto.CanonicalMIMEHeaderKey(name) {
		case "Host":
			if !httpguts.ValidHostHeader(value) {
				return nil, false
			}
			req.Host = value
		case "Content-Length", "Transfer-Encoding", "Trailer", "Connection", "Upgrade", "Te":
			// The transport writes these itself, or they change the
			// connection rather than the request.
		default:
			req.Header.Add(name, value)
		}
	}
	return req, true
}

// encodeBody compresses body as encoding's low bits say.
func encodeBody(body []byte, encoding byte) ([]byte, error) {
	if encoding&3 == bodyPlain {
		return body, nil
	}
	var buf bytes.Buffer
	w := compressors[encoding&3].Get().(compressor)
	defer compressors[encoding&3].Put(w)
	w.Reset(&buf)
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compressor is what gzip, zlib and flate writers have in common.
type compressor interface {
	io.WriteCloser
	Reset(io.Writer)
}

// compressors keep the writers of each body encoding for reuse: a new
// flate compressor allocates about a megabyte.
var compressors = [4]*sync.Pool{
	bodyGzip: {New: func() any { return gzip.NewWriter(nil) }},
	bodyZlib: {New: func() any { return zlib.NewWriter(nil) }},
	bodyFlate: {New: func() any {
		w, err := flate.NewWriter(nil, flate.DefaultCompression)
		if err != nil {
			panic(err)
		}
		return w
	}},
}

// fromNetHTTP reports whether resp is one of the answers that net/http's
// server gives before any handler runs: plain text for a malformed request,
// and an empty 417 for an Expect other than 100-continue.
func fromNetHTTP(resp *spectest.Response) bool {
	if resp.Status == http.StatusExpectationFailed {
		return len(resp.Body) == 0 && resp.Header.Get("request-id") == ""
	}
	return resp.Header.Get("Connection") == "close" &&
		strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") &&
		strings.HasPrefix(string(resp.Body), fmt.Sprintf("%d ", resp.Status))
}

// checkFuzzResponse checks what every answer must be.
func checkFuzzResponse(t *testing.T, emu *emulator, in fuzzInput, req *http.Request, resp *spectest.Response, logs string) {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s\nrequest: %s %s\nheaders: %v\nresponse: %d %v\n%s\nlogs:\n%s",
				in, req.Method, req.URL.RequestURI(), req.Header, resp.Status, resp.Header, resp.Body, logs)
		}
	})
	if resp.Status >= 500 {
		t.Errorf("status %d", resp.Status)
	}
	if bad := logProblems(logs); bad != "" {
		t.Errorf("the logs show a failure: %s", bad)
	}
	sent := expectedCorrelation(req)
	if req.Method == http.MethodHead {
		// No body to validate; the spec has no HEAD operation.
		if err := spectest.CheckCorrelation(sent, resp); err != nil {
			t.Error(err)
		}
		if strings.HasPrefix(req.URL.Path, "/beta/") && resp.Status < 400 {
			t.Errorf("HEAD %s answered %d but is not an operation of the spec", req.URL.Path, resp.Status)
		}
		return
	}
	if err := emu.driver.Check(t.Context(), sent, resp); err != nil {
		t.Error(err)
	}
	// The answers inside a batch's response, each against its request. The
	// body the server read is the input's, unless its Content-Encoding did
	// not match how it was sent: then the batch is not read, and not 200.
	if err := emu.driver.CheckBatchOf(t.Context(), sent, in.body, resp); err != nil {
		t.Error(err)
	}
	// Off the version root the spec judges nothing, but an error is in its
	// shape all the same.
	if !strings.HasPrefix(req.URL.Path, "/beta/") && resp.Status >= 400 {
		if err := spectest.Spec().CheckErrorBody(resp.Body); err != nil {
			t.Error(err)
		}
	}
}

// expectedCorrelation returns req with its client-request-id as the server
// reads it, for the kit's check of the echo: trimmed, and ignored (the
// request-id is echoed instead) unless it is 1 to 128 printable ASCII
// characters.
func expectedCorrelation(req *http.Request) *http.Request {
	id := strings.Trim(req.Header.Get("client-request-id"), " \t")
	printable := len(id) <= 128 && !strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r > 0x7e })
	if id == req.Header.Get("client-request-id") && printable {
		return req
	}
	clone := req.Clone(context.Background())
	clone.Header.Del("client-request-id")
	if id != "" && printable {
		clone.Header.Set("client-request-id", id)
	}
	return clone
}

// benignServerLog is what net/http logs for a query with a semicolon, which
// it no longer treats as a separator; not a failure of the emulator.
const benignServerLog = "http.Server: http: URL query contains semicolon"

// logProblems returns the log lines that show a failure: a 5xx, an error
// (a panic is logged as one, with its stack) or anything net/http's server
// logged.
func logProblems(logs string) string {
	var bad []string
	for line := range strings.SplitSeq(logs, "\n") {
		switch {
		case strings.HasPrefix(line, benignServerLog):
		case strings.Contains(line, `"status":5`), strings.Contains(line, `"level":"ERROR"`),
			strings.HasPrefix(line, "http.Server: "):
			bad = append(bad, line)
		}
	}
	return strings.Join(bad, "\n")
}

// startFuzzEmulator is startEmulator with the fuzz store, a small body
// limit and page size (so that 413 and @odata.nextLink are a few bytes and
// assignments away), and net/http's own server log in the logs too. Its
// client returns transport errors (the input is reported with them) and
// redirects as they are.
func startFuzzEmulator(f *testing.F, st store.Store) *emulator {
	logs := &syncBuffer{}
	cfg := testConfig(logs)
	cfg.Store = st
	cfg.MaxBodyBytes = testBodyLimit
	cfg.PageSize = 2
	e, err := server.NewEcho(cfg)
	if err != nil {
		f.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(e)
	srv.Config.ErrorLog = log.New(logs, "http.Server: ", 0)
	srv.Start()
	f.Cleanup(srv.Close)
	client := *srv.Client()
	client.Timeout = 30 * time.Second
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return newEmulator(srv, &spectest.Driver{Base: srv.URL + cfg.BasePath, Client: &client}, logs)
}

// waitForAccessLog waits until the access log has the request's line
// (written by the handler, at times just after the client has read the
// answer), then returns the logs, emptied for the next input, and whether
// the line came.
func (e *emulator) waitForAccessLog(requestID string) (logs string, logged bool) {
	// The access line has client_request_id next; an error line, logged
	// just before it, does not.
	want := fmt.Sprintf(`"request_id":%q,"client_request_id"`, requestID)
	for deadline := time.Now().Add(5 * time.Second); requestID != ""; time.Sleep(time.Millisecond) {
		if logged = strings.Contains(e.logs.String(), want); logged || time.Now().After(deadline) {
			break
		}
	}
	return e.logs.take(), logged
}

// take returns what was written and empties the buffer.
func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

// fuzzStore is a Store that reset puts back in the same starting state:
// the built-in configurations, knownConfig with three assignments.
type fuzzStore struct {
	current atomic.Pointer[store.MemStore]
}

var _ store.Store = (*fuzzStore)(nil)

// fuzzAssignments are the assignments of knownConfig in the fuzz store.
var fuzzAssignments = []string{
	`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + existingID + `","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
	`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + secondID + `","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"b1c2d3e4-0000-4000-8000-000000000001","deviceAndAppManagementAssignmentFilterType":"include","deviceAndAppManagementAssignmentFilterId":"f1f2f3f4-0000-4000-8000-000000000002"},"source":"direct","sourceId":"s"}`,
	`{"id":"third","target":{"@odata.type":"microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}}`,
}

func newFuzzStore() *fuzzStore {
	s := &fuzzStore{}
	s.reset()
	return s
}

func (s *fuzzStore) reset() {
	m := spectest.MemStore()
	for _, raw := range fuzzAssignments {
		var a store.Assignment
		if err := json.Unmarshal([]byte(raw), &a); err != nil {
			panic(err)
		}
		if err := m.Create(context.Background(), knownConfig, a); err != nil {
			panic(err)
		}
	}
	s.current.Store(m)
}

func (s *fuzzStore) List(ctx context.Context, configID string, skip, top int) ([]store.Assignment, int, error) {
	return s.current.Load().List(ctx, configID, skip, top)
}

func (s *fuzzStore) Get(ctx context.Context, configID, id string) (store.Assignment, error) {
	return s.current.Load().Get(ctx, configID, id)
}

func (s *fuzzStore) Create(ctx context.Context, configID string, a store.Assignment) error {
	return s.current.Load().Create(ctx, configID, a)
}

func (s *fuzzStore) Update(ctx context.Context, configID, id string, change func(store.Assignment) (store.Assignment, error)) (store.Assignment, error) {
	return s.current.Load().Update(ctx, configID, id, change)
}

func (s *fuzzStore) Delete(ctx context.Context, configID, id string) error {
	return s.current.Load().Delete(ctx, configID, id)
}

func (s *fuzzStore) Replace(ctx context.Context, configID string, all []store.Assignment) error {
	return s.current.Load().Replace(ctx, configID, all)
}

// Seeds.

const (
	jsonHeader  = "Content-Type: application/json"
	allDevices  = `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`
	groupTarget = `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}}`
)

// Seed builders: the method and target of each operation on knownConfig.
func seedList(query string) fuzzInput {
	return fuzzInput{method: 0, target: targetAssignments, query: query, auth: authWriter}
}

func seedCreate(headers, body string) fuzzInput {
	return fuzzInput{method: 1, target: targetAssignments, headers: headers, auth: authWriter, body: []byte(body)}
}

func seedUpdate(headers, body string) fuzzInput {
	return fuzzInput{method: 2, target: targetAssignment, headers: headers, auth: authWriter, body: []byte(body)}
}

func seedAssign(headers, body string) fuzzInput {
	return fuzzInput{method: 1, target: targetAssign, headers: headers, auth: authWriter, body: []byte(body)}
}

// fuzzSeeds is the seed corpus: every operation as the docs show it, the
// spec's example request bodies, and the inputs most likely to go wrong.
func fuzzSeeds(t testing.TB) []fuzzInput {
	seeds := []fuzzInput{
		// Each operation, and its neighbours.
		seedList(""),
		seedCreate(jsonHeader, seedJSON(t)),
		seedCreate(jsonHeader, allDevices),
		{method: 0, target: targetAssignment, auth: authWriter},
		{method: 0, target: targetAssignment | idSecond<<6, auth: authReader},
		seedUpdate(jsonHeader, groupTarget),
		{method: 3, target: targetAssignment, auth: authWriter},
		{method: 3, target: targetAssignment | idMissing<<6, auth: authWriter},
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":[]}`),
		{method: 0, target: targetAssignments | configUnknown<<4, auth: authWriter},
		{method: 0, target: targetAssignments | configOther<<4, auth: authWriter},
		{method: 1, target: targetAssignments | configSegment<<4, segment: "a%2Fb", headers: jsonHeader, auth: authWriter, body: []byte(allDevices)},
		{method: 0, target: targetAssignment | idSegment<<6, segment: "..", auth: authWriter},
		{method: 0, target: targetAssignment | idSegment<<6, segment: "%00", auth: authWriter},
		{method: 0, target: targetAssignment | idSegment<<6, segment: "ü%E2%82%AC", auth: authWriter},
		{method: 0, target: targetBelowAssignment, segment: "target", auth: authWriter},
		{method: 0, target: targetConfiguration, auth: authWriter},
		{method: 0, target: targetConfigurations, auth: authWriter},
		{method: 0, target: targetBeta, segment: "me", auth: authWriter},
		{method: 0, target: targetRaw, segment: "//beta//deviceManagement", auth: authWriter},
		{method: 0, target: targetRaw, segment: "beta/deviceManagement/deviceEnrollmentConfigurations/" + knownConfig + "/assignments/../assignments"},
		{method: 0, target: targetHealthz},
		{method: 0, target: targetOpenAPIJSON},
		{method: 0, target: targetOpenAPIYAML},
		{method: 3, target: targetHealthz},
		{method: 0, target: targetAssignmentsSlash, auth: authWriter},
		{method: 0, target: targetOtherVersion, auth: authWriter},
		{method: 0, target: targetCount, auth: authWriter},
		{method: 1, target: targetAssignSlash, headers: jsonHeader, auth: authWriter, body: []byte(`{"enrollmentConfigurationAssignments":[]}`)},
		{method: 0, target: targetBetaNoSlash, auth: authWriter},

		// Methods.
		{method: 4, target: targetAssignments, headers: jsonHeader, auth: authWriter, body: []byte(allDevices)},
		{method: 5, target: targetAssignments, auth: authWriter},
		{method: 5, target: targetHealthz},
		{method: 6, target: targetAssignments, auth: authWriter},
		{method: 7, target: targetAssignment, auth: authWriter},
		{method: 8, target: targetAssignments, auth: authWriter},
		{method: 9, target: targetAssignments, auth: authWriter},
		{method: 1, target: targetAssignment, headers: jsonHeader, auth: authWriter, body: []byte(allDevices)},
		{method: 2, target: targetAssignments, headers: jsonHeader, auth: authWriter, body: []byte(allDevices)},
		{method: 0, target: targetAssign, auth: authWriter},

		// Authorization.
		{method: 0, target: targetAssignments},
		seedCreate(jsonHeader, allDevices).withAuth(authReader),
		seedList("").withAuth(authGarbage),
		seedList("").withAuth(authBasic),
		seedList("").withAuth(authExpired),
		seedList("").withAuth(authAppOnly),
		seedList("").withAuth(authOtherSecret),
		{method: 0, target: targetAssignments, headers: "Authorization: Bearer", auth: authNone},
		{method: 0, target: targetAssignments, headers: "Authorization: bearer x.y.z", auth: authWriter},

		// Query options.
		seedList("$top=1"),
		seedList("$top=2&$skip=1"),
		seedList("$top=999"),
		seedList("$top=0"),
		seedList("$top=1000"),
		seedList("$top=-1"),
		seedList("$top=99999999999999999999"),
		seedList("$top=2147483648"),
		seedList("$top=1e3"),
		seedList("$top=+5"),
		seedList("$top=0x10"),
		seedList("$top="),
		seedList("$top"),
		seedList("$skip=0"),
		seedList("$skip=3"),
		seedList("$skip=-1"),
		seedList("$skip=9223372036854775807"),
		seedList("$skip=9223372036854775808"),
		seedList("$skip=2147483647&$top=999"),
		seedList("$skip=1&$skip=2"),
		seedList("$top=1&$top=abc"),
		seedList("$TOP=5"),
		seedList("top=1&skip=1"),
		seedList("$filter=isof(target,%27microsoft.graph.groupAssignmentTarget%27)&$count=true"),
		seedList("$filter=source%20eq%20%27direct%27%20and%20not%20(sourceId%20eq%20null)"),
		seedList("$filter=target/groupId%20in%20(%27a%27,%27b%27)%20or%20id%20ne%20%27x%27"),
		seedList("$filter=id%20eq%20%27"),
		seedList("$filter=((((((id%20eq%20%27a%27))))))"),
		seedList("$orderby=id%20desc,target/@odata.type"),
		seedList("$orderby=sourceId%20asc&$top=1&$skip=1&$select=id"),
		seedList("$select=id,target&$count=true"),
		seedList("$select=*"),
		seedList("$expand=target"),
		seedList("search=x"),
		{method: 0, target: targetCount, query: "$filter=source%20eq%20%27policySets%27", auth: authWriter},
		{method: 0, target: targetRaw, segment: "/BETA/devicemanagement/deviceEnrollmentConfigurations/" + knownConfig + "/ASSIGNMENTS", auth: authWriter},
		seedList("%24top=5"),
		seedList("$top=%31"),
		seedList("$filter=target/groupId eq 'g'"),
		seedList("$filter=startswith(id,'7')&$orderby=id desc"),
		seedList("$count=true"),
		seedList("$select=id,target"),
		seedList("$expand=*"),
		seedList("$search=\"x\""),
		seedList("$format=json"),
		seedList("$skiptoken=abc"),
		seedList("foo=bar&$top=1"),
		seedList("$top=1;$skip=1"),
		seedList("=&&=x&%zz"),
		seedList("$top=1%00"),
		{method: 0, target: targetAssignment, query: "$select=id", auth: authWriter},
		{method: 0, target: targetAssignment, query: "$top=1", auth: authWriter},
		{method: 1, target: targetAssignments, query: "$top=1", headers: jsonHeader, auth: authWriter, body: []byte(allDevices)},

		// Content types and encodings.
		seedCreate("", allDevices),
		seedCreate("Content-Type: application/json; charset=utf-8", allDevices),
		seedCreate("Content-Type: application/json; charset=utf-16", allDevices),
		seedCreate("Content-Type: application/json; charset=utf-16", utf16LE("\ufeff"+allDevices)),
		seedCreate("Content-Type: application/json; odata.metadata=minimal; odata.streaming=true", allDevices),
		seedCreate("Content-Type: APPLICATION/JSON", allDevices),
		seedCreate("Content-Type: application/json;;", allDevices),
		seedCreate("Content-Type: application/merge-patch+json", allDevices),
		seedCreate("Content-Type: text/plain", allDevices),
		seedCreate("Content-Type: application/x-www-form-urlencoded", "target=x"),
		seedCreate("Content-Type: multipart/form-data; boundary=x", "--x\r\n\r\n--x--"),
		seedCreate("Content-Type: application/json\nContent-Type: text/plain", allDevices),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip", allDevices).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip", allDevices).withEncoding(bodyGzip | bodyChunked),
		seedCreate(jsonHeader+"\nContent-Encoding: deflate", allDevices).withEncoding(bodyZlib),
		seedCreate(jsonHeader+"\nContent-Encoding: deflate", allDevices).withEncoding(bodyFlate),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip", allDevices),
		seedCreate(jsonHeader+"\nContent-Encoding: GZIP", allDevices).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: x-gzip", allDevices).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip, identity", allDevices).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: br", allDevices),
		seedCreate(jsonHeader+"\nContent-Encoding: identity", allDevices),
		seedCreate(jsonHeader+"\nContent-Encoding: compress", allDevices),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip\nContent-Encoding: gzip", allDevices).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip", `{"sourceId":"`+strings.Repeat("x", testBodyLimit)+`"}`).withEncoding(bodyGzip),
		seedCreate(jsonHeader+"\nContent-Encoding: gzip", strings.Repeat(" ", 2*testBodyLimit)+allDevices).withEncoding(bodyGzip),
		seedUpdate(jsonHeader+"\nContent-Encoding: gzip", groupTarget).withEncoding(bodyGzip),
		seedAssign(jsonHeader+"\nContent-Encoding: gzip", `{"enrollmentConfigurationAssignments":[`+allDevices+`]}`).withEncoding(bodyGzip),
		seedCreate(jsonHeader, allDevices).withEncoding(bodyChunked),
		seedCreate(jsonHeader, `{"sourceId":"`+strings.Repeat("x", testBodyLimit)+`"}`),
		seedCreate(jsonHeader, `{"sourceId":"`+strings.Repeat("x", testBodyLimit)+`"}`).withEncoding(bodyChunked),
		{method: 0, target: targetAssignments, headers: jsonHeader + "\nContent-Encoding: gzip", auth: authWriter, encoding: bodyGzip},
		{method: 3, target: targetAssignment, headers: jsonHeader + "\nContent-Encoding: br", auth: authWriter, body: []byte("{}")},

		// Other headers.
		seedList("").withHeaders("client-request-id: 3f2a9b1c-0000-4000-8000-000000000000"),
		seedList("").withHeaders("client-request-id:  padded  "),
		seedList("").withHeaders("client-request-id: " + strings.Repeat("a", 128)),
		seedList("").withHeaders("client-request-id: " + strings.Repeat("a", 129)),
		seedList("").withHeaders("client-request-id: ü€"),
		seedList("").withHeaders("client-request-id: a\nclient-request-id: b"),
		seedList("").withHeaders("Host: example.com:8443"),
		seedList("$top=1").withHeaders("Host: [::1]:1"),
		seedList("$top=1").withHeaders("Host: a_b%"),
		seedList("").withHeaders("Accept: application/xml"),
		seedList("").withHeaders("Accept: application/json;odata.metadata=full"),
		seedList("").withHeaders("Prefer: odata.maxpagesize=1"),
		seedList("").withHeaders("X-HTTP-Method-Override: DELETE"),
		seedList("").withHeaders("ConsistencyLevel: eventual"),
		seedList("").withHeaders("If-None-Match: *"),
		seedUpdate(jsonHeader+"\nIf-Match: W/\"1\"", groupTarget),
		seedCreate(jsonHeader+"\nExpect: 100-continue", allDevices),
		seedList("").withHeaders("Expect: 0"),

		// Bodies.
		seedCreate(jsonHeader, ""),
		seedCreate(jsonHeader, "{"),
		seedCreate(jsonHeader, `{"target":`),
		seedCreate(jsonHeader, `{"target" {}}`),
		seedCreate(jsonHeader, `{}{}`),
		seedCreate(jsonHeader, `{}`),
		seedCreate(jsonHeader, `[]`),
		seedCreate(jsonHeader, `null`),
		seedCreate(jsonHeader, `"x"`),
		seedCreate(jsonHeader, `1e400`),
		seedCreate(jsonHeader, "\ufeff"+allDevices),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}}`),
		seedCreate(jsonHeader, `{"id":"a","id":"b","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g"}}`),
		seedCreate(jsonHeader, `{"id":1e400,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"sourceId":123456789012345678901234567890,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"source":-0.0e-999,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"id":"`+existingID+`","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"id":"","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"id":null,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"id":"a/b?c#d","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"@odata.type":null,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"@odata.type":"microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g"}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterType":"none","deviceAndAppManagementAssignmentFilterId":null}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":""}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.userAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":""}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":7}}`),
		seedCreate(jsonHeader, `{"target":{}}`),
		seedCreate(jsonHeader, `{"target":[]}`),
		seedCreate(jsonHeader, `{"target":null}`),
		seedCreate(jsonHeader, `{"Target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g"}}`),
		seedCreate(jsonHeader, `{"source":"direct","sourceId":"s","color":"blue","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		seedCreate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"\ud800"}}`),
		seedCreate(jsonHeader, "{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"\xff\xfe\"}}"),
		seedCreate(jsonHeader, "{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"a\\u0000b\"}}"),
		seedCreate(jsonHeader, strings.Repeat("[", 2000)+strings.Repeat("]", 2000)),
		seedCreate(jsonHeader, `{"target":`+strings.Repeat(`{"a":`, 500)+"1"+strings.Repeat("}", 500)+"}"),
		seedUpdate(jsonHeader, `{}`),
		seedUpdate(jsonHeader, `{"id":"other"}`),
		seedUpdate(jsonHeader, `{"id":"`+existingID+`","source":"policySets","sourceId":null}`),
		seedUpdate(jsonHeader, `{"target":null}`),
		seedUpdate(jsonHeader, `{"target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"},"target":{}}`),
		seedUpdate(jsonHeader, `null`),
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":null}`),
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":[{}]}`),
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":[{"id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}},{"id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`),
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":[],"enrollmentConfigurationAssignments":[{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`),
		seedAssign(jsonHeader, `{"enrollmentConfigurationAssignments":{}}`),
	}
	seeds = append(seeds, batchSeeds()...)
	return append(seeds, specExampleSeeds(t)...)
}

// specExampleSeeds are the spec's example request bodies, each sent to the
// operation its name says (create*, update*, assign*).
func specExampleSeeds(t testing.TB) []fuzzInput {
	examples := spectest.Spec().Doc.Components.Examples
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	var seeds []fuzzInput
	for _, name := range names {
		if !strings.HasSuffix(name, "Request") {
			continue
		}
		raw, err := json.Marshal(examples[name].Value.Value)
		if err != nil {
			t.Fatalf("example %s: %v", name, err)
		}
		switch {
		case strings.HasPrefix(name, "create"):
			seeds = append(seeds, seedCreate(jsonHeader, string(raw)))
		case strings.HasPrefix(name, "update"):
			seeds = append(seeds, seedUpdate(jsonHeader, string(raw)))
		case strings.HasPrefix(name, "assign"):
			seeds = append(seeds, seedAssign(jsonHeader, string(raw)))
		case strings.HasPrefix(name, "batch"):
			seeds = append(seeds, seedBatchBody(jsonHeader, string(raw)))
		default:
			t.Fatalf("example %s: no operation takes it", name)
		}
	}
	if len(seeds) == 0 {
		t.Fatal("the spec has no example request bodies")
	}
	return seeds
}

func (in fuzzInput) withAuth(auth byte) fuzzInput { in.auth = auth; return in }

func (in fuzzInput) withEncoding(encoding byte) fuzzInput { in.encoding = encoding; return in }

func (in fuzzInput) withHeaders(headers string) fuzzInput {
	if in.headers != "" {
		headers = in.headers + "\n" + headers
	}
	in.headers = headers
	return in
}

// utf16LE encodes s as UTF-16, little-endian.
func utf16LE(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}
