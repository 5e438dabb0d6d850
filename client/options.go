package client

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
	"golang.org/x/oauth2"
)

// DefaultBaseURL is the Microsoft Graph beta version root the client calls
// unless WithBaseURL says otherwise.
const DefaultBaseURL = "https://graph.microsoft.com/beta"

// DefaultTimeout bounds each HTTP attempt of the built-in HTTP client.
const DefaultTimeout = 60 * time.Second

// DefaultUserAgent is the User-Agent header the client sends unless
// WithUserAgent says otherwise.
const DefaultUserAgent = "intune-assignments-go"

// Option configures a Client in New. An option that is given a value it
// cannot use makes New return an error.
type Option func(*config) error

// config collects the options before New builds the client from them.
type config struct {
	baseURL    *url.URL
	httpClient *http.Client
	timeout    time.Duration // 0: keep the HTTP client's own
	userAgent  string
	retry      RetryPolicy
	tokens     oauth2.TokenSource
}

func defaultConfig() config {
	base, _ := url.Parse(DefaultBaseURL)
	return config{
		baseURL:   base,
		userAgent: DefaultUserAgent,
		retry:     DefaultRetryPolicy(),
	}
}

// WithBaseURL sets the Graph version root the operation paths are appended
// to, such as https://graph.microsoft.com/beta or the root of a local
// emulator. It must be an absolute https URL without query or fragment;
// plain http is accepted only for loopback hosts (localhost, 127.0.0.0/8,
// ::1), so that a token never crosses a network in clear text.
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		u, err := url.Parse(raw)
		if err != nil {
			return fmt.Errorf("WithBaseURL: %w", err)
		}
		switch {
		case u.Scheme != "https" && u.Scheme != "http":
			return fmt.Errorf("WithBaseURL %q: scheme must be https (or http for a loopback host)", raw)
		case u.Host == "":
			return fmt.Errorf("WithBaseURL %q: no host", raw)
		case u.User != nil:
			return fmt.Errorf("WithBaseURL %q: credentials in the URL are not supported; use WithTokenSource", raw)
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			return fmt.Errorf("WithBaseURL %q: must not have a query or fragment", raw)
		case u.Scheme == "http" && !isLoopback(u.Hostname()):
			return fmt.Errorf("WithBaseURL %q: plain http is accepted only for loopback hosts", raw)
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = strings.TrimSuffix(u.RawPath, "/")
		c.baseURL = u
		return nil
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient sets the HTTP client the requests go through, for its
// transport (proxies, TLS settings, instrumentation). The client is not
// modified: New works on a copy, to which it adds the token source and the
// timeout of WithTimeout. Without this option the client uses
// http.DefaultTransport with DefaultTimeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout bounds each HTTP attempt, from sending the request to reading
// the last byte of the response (http.Client.Timeout). A call with its
// retries is bounded by the retry policy's MaxElapsed, and always by its
// context. A client given by WithHTTPClient keeps its own Timeout unless this
// option is also given.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithTimeout(%v): must be positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" || !httpguts.ValidHeaderFieldValue(ua) {
			return fmt.Errorf("WithUserAgent(%q): not a valid, non-empty header value", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy. RetryPolicy{MaxAttempts: 1}
// turns retries off.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return fmt.Errorf("WithRetryPolicy: %w", err)
		}
		c.retry = p
		return nil
	}
}

// WithTokenSource authenticates every request with a bearer token from ts,
// such as the one azauth.NewTokenSource makes from an Azure credential. The
// client caches the token until it expires (oauth2.ReuseTokenSource). Without
// this option the client sends no Authorization header, and the HTTP client
// of WithHTTPClient must add one.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("WithTokenSource: nil oauth2.TokenSource")
		}
		c.tokens = ts
		return nil
	}
}
