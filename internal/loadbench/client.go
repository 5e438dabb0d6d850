package loadbench

import (
	"net"
	"net/http"
	"time"
)

// NewClient returns a keep-alive HTTP client that holds at most conns
// connections to a host and keeps all of them when idle. An attack with
// conns workers then reuses the same conns connections throughout, and from
// one round to the next.
func NewClient(conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			// The servers are on loopback: no proxy, whatever the
			// environment says.
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     90 * time.Second,
		},
	}
}
