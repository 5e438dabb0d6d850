package server_test

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
)

// The ids the tests use: the spec's example configuration (in the
// built-in fixtures) and one that no fixture has.
const (
	unknownConfig = "e0b1c2d3-0000-4000-8000-000000000000_Unknown"
	testSecret    = "test-secret-of-the-emulator-tests"
)

var knownConfig = spectest.ExampleConfig

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

// emulator is the whole echo stack behind a real loopback HTTP server,
// with a driver of its version root.
type emulator struct {
	*httptest.Server
	driver *spectest.Driver
	logs   *syncBuffer
}

// testConfig is the configuration of the tests: the built-in fixtures,
// an HS256 secret of the tests and the RS256 key, logs to a buffer.
func testConfig(logs io.Writer) server.Config {
	cfg := spectest.Config([]byte(testSecret))
	cfg.Auth.RS256PublicKey = &rsaKey().PublicKey
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	return cfg
}

// startEmulator serves NewEcho(cfg) on loopback; change adjusts testConfig.
func startEmulator(t testing.TB, change ...func(*server.Config)) *emulator {
	t.Helper()
	logs := &syncBuffer{}
	cfg := testConfig(logs)
	for _, f := range change {
		f(&cfg)
	}
	srv, d := spectest.Emulator(t, cfg)
	return newEmulator(srv, d, logs)
}

// newEmulator is the emulator of srv: paths in any case are checked against
// the operation they reach, as the emulator routes them.
func newEmulator(srv *httptest.Server, d *spectest.Driver, logs *syncBuffer) *emulator {
	d.Respell = server.SpecPath
	return &emulator{Server: srv, driver: d, logs: logs}
}

// token mints an HS256 token with the test secret; o's zero fields get
// MintToken's defaults.
func token(t testing.TB, o auth.TokenOptions) string {
	t.Helper()
	if o.HS256Secret == nil && o.RS256PrivateKey == nil {
		o.HS256Secret = []byte(testSecret)
	}
	s, err := auth.MintToken(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writer is a token that grants every operation.
func writer(t testing.TB) string { return token(t, auth.TokenOptions{Scopes: []string{readWrite}}) }

// do sends q, whose Path is a path on the emulator's host (or a URL), and
// fails the test unless the answer is what every answer must be: Graph's
// correlation headers, and a response the spec allows (see spectest.Driver).
func (e *emulator) do(t testing.TB, q spectest.Request) *spectest.Response {
	t.Helper()
	if strings.HasPrefix(q.Path, "/") {
		q.Path = e.URL + q.Path
	}
	resp, err := e.driver.Do(t.Context(), q)
	if resp == nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Error(err)
	}
	return resp
}

// decode unmarshals the body of resp into v, failing the test when it
// cannot.
func decode(t testing.TB, resp *spectest.Response, v any) {
	t.Helper()
	if err := resp.Decode(v); err != nil {
		t.Fatal(err)
	}
}

// checkGraphError requires an error in Graph's shape with the status and
// code (see spectest.CheckGraphError), and returns it; the test stops when
// the error has no innerError to read.
func checkGraphError(t testing.TB, resp *spectest.Response, status int, code string) gen.OdataError {
	t.Helper()
	ge, err := spectest.CheckGraphError(resp, status, code)
	if err != nil {
		t.Error(err)
	}
	if ge.Error.InnerError == nil {
		t.FailNow()
	}
	return ge
}

// value is what p points at, or "" for nil.
func value(p *string) string { return *cmp.Or(p, new(string)) }

// create posts an assignment to knownConfig and returns it as stored.
func (e *emulator) create(t testing.TB, body any) map[string]any {
	t.Helper()
	resp := e.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: body, Token: writer(t)})
	if resp.Status != http.StatusCreated {
		t.Fatalf("create: status %d: %s", resp.Status, resp.Body)
	}
	var created map[string]any
	decode(t, resp, &created)
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
	out := maps.Clone(answer)
	delete(out, "@odata.context")
	return out
}

// answered is how the service answers an assignment it was sent: with the
// default @odata.type and source where the body has none, and each
// @odata.type in its canonical form, with '#'.
func answered(sent map[string]any) map[string]any {
	want := maps.Clone(sent)
	want["@odata.type"] = string(gen.EnrollmentConfigurationAssignmentOdataTypeHashed)
	if want["source"] == nil {
		want["source"] = string(gen.SourceDirect)
	}
	for _, key := range []string{"@odata.context", "@odata.etag", "@odata.id", "@odata.editLink"} {
		delete(want, key)
	}
	if target, ok := want["target"].(map[string]any); ok {
		target = maps.Clone(target)
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
		url += "?$top=" + strconv.Itoa(top)
	}
	tok := writer(t)
	for url != "" {
		resp := e.do(t, spectest.Request{Method: http.MethodGet, Path: url, Token: tok})
		if resp.Status != http.StatusOK {
			t.Fatalf("list %s: status %d: %s", url, resp.Status, resp.Body)
		}
		var page struct {
			Value    []map[string]any `json:"value"`
			NextLink string           `json:"@odata.nextLink"`
		}
		decode(t, resp, &page)
		all = append(all, page.Value...)
		pages++
		if pages > 10000 {
			t.Fatal("@odata.nextLink does not reach the end")
		}
		url = page.NextLink
	}
	return all, pages
}
