package client

import (
	"errors"
	"io"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/gen"
)

// maxResponseBody caps how much of a successful response is read: a full
// page of 999 assignments is well under a megabyte.
const maxResponseBody = 32 << 20

// errBodyTooLarge is the read error of a response body longer than
// maxResponseBody.
var errBodyTooLarge = errors.New("response body exceeds the client's limit")

// responseDoer is the gen.HttpRequestDoer of the generated client, over the
// retries. It passes a 2xx response on to the generated code with its body
// capped at maxResponseBody. Any other response it returns unread, as an
// *errorResponse, for call.result to read Graph's error from: the generated
// code would fail on some error responses (an HTML page from a proxy, a
// Retry-After date where the spec has seconds), and the status would be lost
// with them.
type responseDoer struct{ next gen.HttpRequestDoer }

// Do sends req through the retries.
func (d responseDoer) Do(req *http.Request) (*http.Response, error) {
	rsp, err := d.next.Do(req)
	if err != nil {
		return nil, err
	}
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
		return nil, &errorResponse{rsp}
	}
	rsp.Body = newLimitedBody(rsp.Body, maxResponseBody)
	return rsp, nil
}

// errorResponse carries a non-2xx response from responseDoer through the
// generated code, which returns it as the error of the call, to call.result.
type errorResponse struct{ rsp *http.Response }

func (e *errorResponse) Error() string { return "unread response: " + e.rsp.Status }

// bearer authenticates requests through oauth2.Transport, but hides its
// deprecated CancelRequest method: http.Client calls that on a timeout, and
// all it does is log a warning.
type bearer struct{ t *oauth2.Transport }

// RoundTrip sends r with the bearer token.
func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) { return b.t.RoundTrip(r) }

// limitedBody fails the read of a body longer than limit, instead of
// letting a broken or hostile server exhaust the client's memory.
type limitedBody struct {
	r     io.Reader // the body, read to at most limit+1 bytes
	c     io.Closer
	limit int64
	read  int64
}

func newLimitedBody(rc io.ReadCloser, limit int64) *limitedBody {
	return &limitedBody{r: io.LimitReader(rc, limit+1), c: rc, limit: limit}
}

// Read reads the body, failing once it has gone past the limit.
func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += int64(n)
	if b.read > b.limit {
		return 0, errBodyTooLarge
	}
	return n, err
}

// Close closes the body.
func (b *limitedBody) Close() error { return b.c.Close() }
