package graphhttp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The correlation headers of every Graph response.
const (
	HeaderRequestID       = "request-id"
	HeaderClientRequestID = "client-request-id"
)

// The same in net/http's canonical form, the form a response's header map
// is keyed by: set as keys directly, they need no canonicalization.
const (
	canonicalRequestID       = "Request-Id"
	canonicalClientRequestID = "Client-Request-Id"
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

// requestContext is a request's context with its RequestInfo: one
// allocation holds both, and the values of the correlation headers,
// where context.WithValue would take one for the context and one for the
// info it boxes.
type requestContext struct {
	context.Context
	info    RequestInfo
	headers [2]string
	// requestID holds the bytes of info.RequestID, which points into it:
	// the request-id needs no allocation of its own. Nothing writes them
	// after Start, and the string keeps the context alive as long as it
	// is held, as any string keeps its bytes.
	requestID [guidLen]byte
}

func (c *requestContext) Value(key any) any {
	if key == (requestInfoKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// RequestInfoFrom returns the request's info, or a zero value outside a
// request (the handlers still produce a valid body then).
func RequestInfoFrom(ctx context.Context) RequestInfo {
	if c, ok := ctx.Value(requestInfoKey{}).(*requestContext); ok {
		return c.info
	}
	return RequestInfo{}
}

// Requests gives each request of a server its RequestInfo.
type Requests struct {
	basePath string
	// root is the last API root made from a valid Host header: clients
	// send the same one request after request.
	root atomic.Pointer[apiRoot]
}

type apiRoot struct{ scheme, host, root string }

// NewRequests serves the API under basePath.
func NewRequests(basePath string) *Requests { return &Requests{basePath: basePath} }

// Start is the first thing done for every request: it gives the request a
// fresh request-id, takes the client's client-request-id (or, like Graph,
// reuses the request-id when there is none), sets both response headers,
// and puts them in the request's context.
func (rs *Requests) Start(c echo.Context) {
	req := c.Request()
	rc := &requestContext{Context: req.Context()}
	putGUID(&rc.requestID)
	rc.info = RequestInfo{
		RequestID:       unsafe.String(&rc.requestID[0], guidLen),
		ClientRequestID: strings.TrimSpace(req.Header.Get(canonicalClientRequestID)),
		APIRoot:         rs.apiRoot(c.Scheme(), req),
	}
	if !validClientRequestID(rc.info.ClientRequestID) {
		rc.info.ClientRequestID = rc.info.RequestID
	}
	rc.headers = [2]string{rc.info.RequestID, rc.info.ClientRequestID}
	h := c.Response().Header()
	h[canonicalRequestID] = rc.headers[0:1:1]
	h[canonicalClientRequestID] = rc.headers[1:2:2]
	c.SetRequest(req.WithContext(rc))
}

// apiRoot is scheme://host followed by the base path.
func (rs *Requests) apiRoot(scheme string, req *http.Request) string {
	if r := rs.root.Load(); r != nil && r.host == req.Host && r.scheme == scheme {
		return r.root
	}
	h := host(req)
	root := scheme + "://" + h + rs.basePath
	if h == req.Host {
		rs.root.Store(&apiRoot{scheme: scheme, host: h, root: root})
	}
	return root
}

// NewGUID is a random (version 4) GUID in its string form, as
// uuid.NewString's: one allocation, the string.
func NewGUID() string {
	var b [guidLen]byte
	putGUID(&b)
	return string(b[:])
}

// guidLen is the length of a GUID's string form.
const guidLen = 36

// putGUID writes a random (version 4) GUID in its string form, from
// crypto/rand as uuid.NewRandom does, but read into a value that stays on
// the stack, where uuid.NewRandom's io.Reader makes it escape. crypto/rand
// is no slower than uuid's pool of random bytes, so the pool is not needed.
func putGUID(dst *[guidLen]byte) {
	var u uuid.UUID
	_, _ = rand.Read(u[:])  // crypto/rand.Read never fails: it crashes the program first
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // the variant of RFC 9562
	// The form of uuid.UUID.String, which returns a new string.
	hex.Encode(dst[0:8], u[0:4])
	dst[8] = '-'
	hex.Encode(dst[9:13], u[4:6])
	dst[13] = '-'
	hex.Encode(dst[14:18], u[6:8])
	dst[18] = '-'
	hex.Encode(dst[19:23], u[8:10])
	dst[23] = '-'
	hex.Encode(dst[24:], u[10:])
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
