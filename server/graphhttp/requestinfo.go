package graphhttp

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The correlation headers of every Graph response.
const (
	HeaderRequestID       = "request-id"
	HeaderClientRequestID = "client-request-id"
)

// maxClientRequestIDLen bounds the client-request-id that is echoed back
// and logged; Graph clients send a GUID.
const maxClientRequestIDLen = 128

// RequestInfo is what a handler needs to know about the HTTP request beyond
// its parameters: the correlation ids for error bodies and the URL prefix
// for @odata.nextLink. The strict handlers only see a context.Context, so
// it travels there.
type RequestInfo struct {
	RequestID       string
	ClientRequestID string
	// APIRoot is scheme://host followed by the base path, e.g.
	// http://localhost:8080/beta.
	APIRoot string
}

type requestInfoKey struct{}

// RequestInfoFrom returns the request's info, or a zero value outside a
// request (the handlers still produce a valid body then).
func RequestInfoFrom(ctx context.Context) RequestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(RequestInfo)
	return info
}

// WithRequestInfo is the first middleware: it gives the request a fresh
// request-id, takes the client's client-request-id (or, like Graph, reuses
// the request-id when there is none), sets both response headers, and puts
// them in the request's context.
func WithRequestInfo(basePath string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			info := RequestInfo{
				RequestID:       uuid.NewString(),
				ClientRequestID: strings.TrimSpace(req.Header.Get(HeaderClientRequestID)),
				APIRoot:         c.Scheme() + "://" + host(req) + basePath,
			}
			if !validClientRequestID(info.ClientRequestID) {
				info.ClientRequestID = info.RequestID
			}
			h := c.Response().Header()
			h.Set(HeaderRequestID, info.RequestID)
			h.Set(HeaderClientRequestID, info.ClientRequestID)
			c.SetRequest(req.WithContext(context.WithValue(req.Context(), requestInfoKey{}, info)))
			return next(c)
		}
	}
}

// validClientRequestID accepts what can be echoed unchanged in a header
// and in a JSON body alike: 1 to maxClientRequestIDLen printable ASCII
// characters. Anything else is treated as absent, so that the header and
// innerError never disagree.
func validClientRequestID(id string) bool {
	if id == "" || len(id) > maxClientRequestIDLen {
		return false
	}
	for i := range len(id) {
		if id[i] < 0x20 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// host is the authority the client called, for absolute links: the Host
// header when it can be a URL's authority, or else (an HTTP/1.0 request
// without one, or a value such as "a_b%" that net/http lets through) the
// address the request came in on.
func host(req *http.Request) string {
	if u, err := url.Parse("http://" + req.Host + "/"); req.Host != "" && err == nil && u.Host == req.Host {
		return req.Host
	}
	if addr, ok := req.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return addr.String()
	}
	return "localhost"
}
