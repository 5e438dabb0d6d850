package client_test

import (
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestOptionsRejected checks that New refuses options it cannot use, and
// says which.
func TestOptionsRejected(t *testing.T) {
	tests := []struct {
		name string
		opt  client.Option
		want string // in the error
	}{
		{"nil option", nil, "option 0 is nil"},
		{"unparsable URL", client.WithBaseURL("https://graph.microsoft.com/%zz"), "WithBaseURL"},
		{"relative URL", client.WithBaseURL("/beta"), "scheme"},
		{"other scheme", client.WithBaseURL("ftp://graph.microsoft.com/beta"), "scheme"},
		{"no host", client.WithBaseURL("https:///beta"), "no host"},
		{"credentials in URL", client.WithBaseURL("https://user:pw@graph.microsoft.com/beta"), "credentials"},
		{"query", client.WithBaseURL("https://graph.microsoft.com/beta?x=1"), "query"},
		{"fragment", client.WithBaseURL("https://graph.microsoft.com/beta#x"), "fragment"},
		{"plain http to a remote host", client.WithBaseURL("http://graph.microsoft.com/beta"), "loopback"},
		{"nil HTTP client", client.WithHTTPClient(nil), "nil"},
		{"zero timeout", client.WithTimeout(0), "positive"},
		{"negative timeout", client.WithTimeout(-time.Second), "positive"},
		{"empty user agent", client.WithUserAgent(" "), "WithUserAgent"},
		{"user agent with a newline", client.WithUserAgent("a\r\nX-Evil: 1"), "WithUserAgent"},
		{"nil token source", client.WithTokenSource(nil), "nil"},
		{"no attempts", client.WithRetryPolicy(client.RetryPolicy{}), "MaxAttempts"},
		{"no time to retry", client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, BaseBackoff: 1, MaxBackoff: 1}), "MaxElapsed"},
		{"no backoff", client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Second, MaxBackoff: 1}), "BaseBackoff"},
		{"cap under the base", client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Second, BaseBackoff: 2, MaxBackoff: 1}), "MaxBackoff"},
		{"jitter over 1", client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Second, BaseBackoff: 1, MaxBackoff: 1, Jitter: 1.5}), "Jitter"},
		{"jitter NaN", client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Second, BaseBackoff: 1, MaxBackoff: 1, Jitter: math.NaN()}), "Jitter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := client.New(tt.opt)
			if err == nil {
				t.Fatalf("New accepted it: %+v", c)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

// TestOptionsAccepted checks the base URLs New accepts, as it keeps them.
func TestOptionsAccepted(t *testing.T) {
	tests := []struct {
		opts []client.Option
		want string
	}{
		{nil, client.DefaultBaseURL},
		{[]client.Option{client.WithBaseURL("https://graph.microsoft.com/beta/")}, "https://graph.microsoft.com/beta"},
		{[]client.Option{client.WithBaseURL("https://graph.microsoft.us/beta")}, "https://graph.microsoft.us/beta"},
		{[]client.Option{client.WithBaseURL("http://localhost:8080/beta")}, "http://localhost:8080/beta"},
		{[]client.Option{client.WithBaseURL("http://127.0.0.2:8080/beta")}, "http://127.0.0.2:8080/beta"},
		{[]client.Option{client.WithBaseURL("http://[::1]:8080/beta")}, "http://[::1]:8080/beta"},
		{[]client.Option{client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1})}, client.DefaultBaseURL},
		{[]client.Option{client.WithRetryPolicy(client.DefaultRetryPolicy())}, client.DefaultBaseURL},
	}
	for _, tt := range tests {
		c, err := client.New(tt.opts...)
		if err != nil {
			t.Errorf("%s: %v", tt.want, err)
			continue
		}
		if got := c.BaseURL(); got != tt.want {
			t.Errorf("BaseURL() = %q, want %q", got, tt.want)
		}
	}
}

// countingTransport counts the requests that go through it.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// TestWithHTTPClient checks that requests go through the given client's
// transport, with the token added, and that the given client is left as
// it was.
func TestWithHTTPClient(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusNoContent}))
	transport := &countingTransport{}
	hc := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	c := newTestClient(t, fake, client.WithHTTPClient(hc), client.WithTimeout(time.Minute))
	if err := c.DeleteAssignment(t.Context(), configID, assignmentID); err != nil {
		t.Fatal(err)
	}
	if transport.n.Load() != 1 {
		t.Errorf("%d requests through the given transport, want 1", transport.n.Load())
	}
	if hc.Transport != transport || hc.Timeout != 5*time.Second {
		t.Errorf("the given client was modified: %+v", hc)
	}
}

// TestWithoutTokenSource checks that a client without a token source sends
// no Authorization header of its own.
func TestWithoutTokenSource(t *testing.T) {
	var auth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Values("Authorization"))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL + "/beta"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAssignment(t.Context(), configID, assignmentID); err != nil {
		t.Fatal(err)
	}
	if got := auth.Load().([]string); len(got) != 0 {
		t.Errorf("Authorization %q sent without a token source", got)
	}
}

// TestTokenSourceError checks that a token that cannot be had fails the
// call, with the token source's error, before anything is sent.
func TestTokenSourceError(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusNoContent}))
	boom := errors.New("no token today")
	c := newTestClient(t, fake, client.WithTokenSource(failingSource{boom}))
	if err := c.DeleteAssignment(t.Context(), configID, assignmentID); !errors.Is(err, boom) {
		t.Errorf("error %v, want the token source's", err)
	}
	if n := len(fake.Requests()); n != 0 || fake.Invalid() != nil {
		t.Errorf("%d valid requests sent without a token, and these invalid ones: %v", n, fake.Invalid())
	}
}

type failingSource struct{ err error }

func (f failingSource) Token() (*oauth2.Token, error) { return nil, f.err }

// TestWithTimeout checks that an attempt that outlives WithTimeout fails
// with a timeout.
func TestWithTimeout(t *testing.T) {
	release := make(chan struct{})
	fake := spectest.NewFakeGraph(t, prefix, testToken, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer close(release)
	err := newTestClient(t, fake, client.WithTimeout(20*time.Millisecond)).DeleteAssignment(t.Context(), configID, assignmentID)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("error %v, want a timeout", err)
	}
}
