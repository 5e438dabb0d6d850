package graphhttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// TestNewGUID makes version 4 GUIDs of RFC 9562's variant, each new.
func TestNewGUID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		s := NewGUID()
		u, err := uuid.Parse(s)
		if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || u.String() != s {
			t.Fatalf("NewGUID() = %q: %v, version %d, variant %v", s, err, u.Version(), u.Variant())
		}
		if seen[s] {
			t.Fatalf("NewGUID() = %q twice", s)
		}
		seen[s] = true
	}
}

// TestStart sets both correlation headers, and puts the info where
// RequestInfoFrom finds it, through contexts derived from the request's
// too; the API root follows each request's Host, and a Host that cannot
// be a URL's authority is replaced by the address the request came in on.
func TestStart(t *testing.T) {
	rs := NewRequests("/beta")
	e := echo.New()
	start := func(host, clientID string) (RequestInfo, http.Header) {
		req := httptest.NewRequest(http.MethodGet, "/beta/x", nil)
		req.Host = host
		if clientID != "" {
			req.Header.Set(HeaderClientRequestID, clientID)
		}
		rec := httptest.NewRecorder()
		c := e.NewContext(req, rec)
		rs.Start(c)
		ctx, cancel := context.WithCancel(c.Request().Context())
		defer cancel()
		return RequestInfoFrom(ctx), rec.Header()
	}
	for _, tt := range []struct{ host, clientID, root, wantClientID string }{
		{"localhost:8080", "abc", "http://localhost:8080/beta", "abc"},
		{"localhost:8080", "", "http://localhost:8080/beta", ""},
		{"127.0.0.1:9", "\x01bad", "http://127.0.0.1:9/beta", ""},
		{"a_b%", "", "http://localhost/beta", ""},
		{"localhost:8080", "", "http://localhost:8080/beta", ""},
	} {
		info, h := start(tt.host, tt.clientID)
		want := tt.wantClientID
		if want == "" {
			want = info.RequestID
		}
		if _, err := uuid.Parse(info.RequestID); err != nil || info.ClientRequestID != want || info.APIRoot != tt.root {
			t.Errorf("Host %q, client-request-id %q: %+v, want root %q and client-request-id %q", tt.host, tt.clientID, info, tt.root, want)
		}
		if h.Get(HeaderRequestID) != info.RequestID || h.Get(HeaderClientRequestID) != info.ClientRequestID {
			t.Errorf("headers %v, info %+v", h, info)
		}
	}
	if info := RequestInfoFrom(context.Background()); info != (RequestInfo{}) {
		t.Errorf("outside a request: %+v", info)
	}
}
