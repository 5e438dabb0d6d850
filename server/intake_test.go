package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
)

// TestBodyEncodings sends the Create page's body in every form the
// emulator reads: each is stored as the plain body would be. Microsoft's
// Graph SDKs gzip every request body.
func TestBodyEncodings(t *testing.T) {
	emu := startEmulator(t)
	seed := seedJSON(t)
	tests := []struct {
		name   string
		body   []byte
		header map[string]string
	}{
		{"identity", []byte(seed), map[string]string{"Content-Encoding": "identity"}},
		{"gzip", compressed(t, seed, bodyGzip), map[string]string{"Content-Encoding": "gzip"}},
		{"gzip in capitals", compressed(t, seed, bodyGzip), map[string]string{"Content-Encoding": "GZIP"}},
		{"x-gzip", compressed(t, seed, bodyGzip), map[string]string{"Content-Encoding": "x-gzip"}},
		{"gzip then identity", compressed(t, seed, bodyGzip), map[string]string{"Content-Encoding": "gzip, identity"}},
		{"gzip twice", compressed(t, string(compressed(t, seed, bodyGzip)), bodyGzip), map[string]string{"Content-Encoding": "gzip, gzip"}},
		{"deflate (zlib)", compressed(t, seed, bodyZlib), map[string]string{"Content-Encoding": "deflate"}},
		{"deflate (raw)", compressed(t, seed, bodyFlate), map[string]string{"Content-Encoding": "deflate"}},
		{"UTF-8 byte-order mark", append([]byte("\xef\xbb\xbf"), seed...), nil},
		{"charset in capitals", []byte(seed), map[string]string{"Content-Type": "application/json; charset=UTF-8"}},
		{"OData parameters", []byte(seed), map[string]string{"Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true"}},
	}
	want := answered(seedBody(t, "seed-create-request.json"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: tt.body, Header: tt.header, Token: writer(t)})
			if resp.Status != http.StatusCreated {
				t.Fatalf("status %d: %s", resp.Status, resp.Body)
			}
			var got map[string]any
			decode(t, resp, &got)
			got = withoutContext(t, got, "/assignments/$entity")
			delete(got, "id")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stored assignment differs from the plain body's (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnsupportedEncodingNamesTheAlternatives checks the 415 that makes a
// Graph SDK send the body again uncompressed: it says which codings would do.
func TestUnsupportedEncodingNamesTheAlternatives(t *testing.T) {
	emu := startEmulator(t)
	resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: seedJSON(t),
		Header: map[string]string{"Content-Encoding": "br"}, Token: writer(t)})
	checkGraphError(t, resp, http.StatusUnsupportedMediaType, "UnsupportedMediaType")
	if got := resp.Header.Get("Accept-Encoding"); got != "gzip, deflate, identity" {
		t.Errorf("Accept-Encoding = %q", got)
	}
}

// TestManyUndefinedPropertiesShortAnswer sends 80,000 undefined properties:
// the answer names a few and counts the rest instead of listing them all.
func TestManyUndefinedPropertiesShortAnswer(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.MaxBodyBytes = 4 << 20 })
	resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: manyProperties(80000), Token: writer(t)})
	ge := checkGraphError(t, resp, http.StatusBadRequest, "BadRequest")
	if !strings.Contains(ge.Error.Message, "80000 properties are unsupported") || !strings.Contains(ge.Error.Message, "and 79995 more") {
		t.Errorf("message %q does not count the properties", ge.Error.Message)
	}
	if len(resp.Body) > 1024 {
		t.Errorf("the error body is %d bytes; want a short one", len(resp.Body))
	}
}

// TestNextLinkWithoutUsableHost lists with a Host header that cannot name
// a URL's host (none, on HTTP/1.0, or one net/http lets through): the
// @odata.nextLink names the address the request came in on instead.
func TestNextLinkWithoutUsableHost(t *testing.T) {
	emu := startEmulator(t)
	for range 2 {
		emu.create(t, map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})
	}
	auth := "Authorization: Bearer " + writer(t) + "\r\n"
	list := "GET " + assignmentsPath(knownConfig) + "?$top=1 "
	for name, raw := range map[string]string{
		"HTTP/1.0 without Host": list + "HTTP/1.0\r\n" + auth + "\r\n",
		"Host with a percent":   list + "HTTP/1.1\r\nHost: a_b%\r\nConnection: close\r\n" + auth + "\r\n",
		"Host with a bracket":   list + "HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n" + auth + "\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			resp := sendRaw(t, emu, raw)
			var page struct {
				NextLink string `json:"@odata.nextLink"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, decode: %v", resp.StatusCode, err)
			}
			want := "http://" + emu.Listener.Addr().String() + "/beta/"
			if !strings.HasPrefix(page.NextLink, want) {
				t.Errorf("@odata.nextLink = %q, want it to start with %q", page.NextLink, want)
			}
		})
	}
}

// TestClientRequestIDThatCannotBeEchoed sends client-request-ids that a
// header and a JSON string cannot both carry unchanged: each is replaced by
// the request-id, the same in the header and in innerError.
func TestClientRequestIDThatCannotBeEchoed(t *testing.T) {
	emu := startEmulator(t)
	for _, id := range []string{"\xff\xfe", "caf\xc3\xa9", strings.Repeat("a", 129)} {
		req, _, err := emu.driver.NewRequest(t.Context(), spectest.Request{Method: http.MethodGet, Path: emu.URL + assignmentPath(knownConfig, "missing"),
			Token: writer(t), Header: map[string]string{"client-request-id": id}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := emu.driver.Send(req)
		if err != nil {
			t.Fatal(err)
		}
		// The answer is the one to a request without the id.
		req.Header.Del("client-request-id")
		if err := emu.driver.Check(t.Context(), req, resp); err != nil {
			t.Error(err)
		}
		ge := checkGraphError(t, resp, http.StatusNotFound, "ResourceNotFound")
		if rid := resp.Header.Get("request-id"); value(ge.Error.InnerError.ClientRequestId) != rid {
			t.Errorf("client-request-id %q: innerError has %q, want the request-id %q", id, value(ge.Error.InnerError.ClientRequestId), rid)
		}
	}
}

// TestWhatNetHTTPAnswersItself pins the answers that docs/emulator.md ("How
// a request is read") lists as Go's http.Server's own, given before any
// handler runs and without a hook to put them in Graph's shape: if one of
// them starts reaching the emulator, this test says so and that page must
// change.
func TestWhatNetHTTPAnswersItself(t *testing.T) {
	emu := startEmulator(t)
	tests := []struct {
		name   string
		raw    string
		status int
	}{
		{"malformed request line", "GARBAGE\r\n\r\n", 400},
		{"%zz in the path", "GET /beta/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
		{"HTTP/1.1 without Host", "GET /beta/x HTTP/1.1\r\n\r\n", 400},
		{"unparsable Content-Length", "POST /beta/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400},
		{"unknown Expect", "GET /beta/x HTTP/1.1\r\nHost: x\r\nExpect: later\r\n\r\n", 417},
		{"headers too large", "GET /beta/x HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n", 431},
		{"unsupported Transfer-Encoding", "POST /beta/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
		{"unknown HTTP version", "GET /beta/x HTTP/9.1\r\nHost: x\r\n\r\n", 505},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp := sendRaw(t, emu, tt.raw); resp.StatusCode != tt.status || resp.Header.Get("request-id") != "" {
				t.Errorf("status %d, request-id %q: want net/http's own %d", resp.StatusCode, resp.Header.Get("request-id"), tt.status)
			}
		})
	}
}

// sendRaw writes raw, a request no client would send, on a connection of
// its own and reads the answer; both close when the test ends.
func sendRaw(t *testing.T, emu *emulator, raw string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", emu.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}
