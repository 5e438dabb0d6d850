package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// DefaultMaxBodyBytes is the request body limit when none is configured.
const DefaultMaxBodyBytes = 1 << 20

// validatedBody replaces a request body once it has been read, decoded and
// validated: Binder decodes data, the validated JSON, into the handler's
// type, and the bytes stay readable for anything else until the request
// ends (see Release).
type validatedBody struct {
	bytes.Reader
	data []byte
	// buf is the buffer a body of known length is read into, kept with
	// the validatedBody from one request to the next.
	buf []byte
}

func (b *validatedBody) Close() error { return nil }

// bodies keeps validatedBody values and their buffers from one request to
// the next: nothing reads a body after its request (the handler's value
// holds copies of what it needs), and a pooled one saves the two
// allocations of every request with a body.
var bodies = sync.Pool{New: func() any { return new(validatedBody) }}

// maxPooledBody keeps the buffer of an unusually large body out of the
// pool.
const maxPooledBody = 64 << 10

// Release gives the request's body back to be reused, if the intake
// replaced it: it is the last thing done for a request, after its answer
// and its log line, and the body must not be read after.
func Release(req *http.Request) {
	b, ok := req.Body.(*validatedBody)
	if !ok {
		return
	}
	req.Body = http.NoBody
	putBody(b)
}

func putBody(b *validatedBody) {
	b.Reset(nil)
	b.data = nil
	if cap(b.buf) <= maxPooledBody {
		bodies.Put(b)
	}
}

// intake reads, decodes and validates the request body of op in one pass:
// Content-Encoding (415 for one it cannot decode, 400 for a corrupt
// stream), the size limit on the decoded bytes (413), an empty body (400
// when the operation requires one), Content-Type (400 when malformed, 415
// when not JSON or not UTF-8), exactly one strict JSON value (400), and the
// operation's schema (400). On success the request carries a validatedBody.
func (op *Operation) intake(c echo.Context, limit int64) *graphhttp.Error {
	body := bodies.Get().(*validatedBody)
	replaced, ae := op.intakeInto(c, limit, body)
	if !replaced {
		// An error holds no part of the bytes: it words where they are wrong.
		putBody(body)
	}
	return ae
}

// intakeInto is intake, with body to read into, and reports whether the
// request now carries it.
func (op *Operation) intakeInto(c echo.Context, limit int64, body *validatedBody) (bool, *graphhttp.Error) {
	req := c.Request()
	codings, ae := contentCodings(req.Header)
	if ae != nil {
		return false, ae
	}
	data, ae := readBody(c, codings, limit, &body.buf)
	if ae != nil {
		return false, ae
	}
	if len(data) == 0 {
		if op.body.Required {
			return false, graphhttp.New(http.StatusBadRequest, "A request body is required.")
		}
		return false, nil
	}
	media, ae := op.mediaType(req.Header[echo.HeaderContentType])
	if ae != nil {
		return false, ae
	}
	value, ae := decodeJSON(data, op.known)
	if ae != nil {
		return false, ae
	}
	if schema, ok := op.bodySchemas[media]; ok {
		if err := schema.validate(value); err != nil {
			return false, schemaError(err)
		}
	}
	req.Header.Del("Content-Encoding")
	data = bytes.TrimPrefix(data, utf8BOM)
	req.ContentLength = int64(len(data))
	body.data = data
	body.Reset(data)
	req.Body = body
	if nulls := nullMembers(value); nulls != nil {
		c.SetRequest(req.WithContext(context.WithValue(req.Context(), nullMembersKey{}, nulls)))
	}
	// Valid, the value is no longer needed; an error can still refer to an
	// invalid one, which is left to the garbage collector.
	release(value)
	return true, nil
}

// nullMembersKey keys the top-level members a body gave as null.
type nullMembersKey struct{}

// nullMembers lists the members of a body object that are null, or nil
// when there are none. The generated types read null and absent alike, but
// a PATCH distinguishes them: a null clears the property.
func nullMembers(value any) map[string]bool {
	obj, _ := value.(map[string]any)
	var nulls map[string]bool
	for name, v := range obj {
		if v == nil {
			if nulls == nil {
				nulls = map[string]bool{}
			}
			nulls[name] = true
		}
	}
	return nulls
}

// SentNull reports whether the request's body gave the member as null.
func SentNull(ctx context.Context, name string) bool {
	nulls, _ := ctx.Value(nullMembersKey{}).(map[string]bool)
	return nulls[name]
}

// readBody reads the whole body, undoing its codings (into *buf when its
// length is known and it has none), and holds both what is read from the
// connection and what it decodes to to limit: a body whose Content-Length
// is over the limit is not read at all, and a small gzip bomb is 413 too.
func readBody(c echo.Context, codings []string, limit int64, buf *[]byte) ([]byte, *graphhttp.Error) {
	req := c.Request()
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	defer req.Body.Close()
	var data []byte
	var err error
	if len(codings) == 0 && req.ContentLength >= 0 {
		// net/http holds the body to its Content-Length, which is within
		// the limit.
		if int64(cap(*buf)) < req.ContentLength {
			*buf = make([]byte, req.ContentLength)
		}
		data = (*buf)[:req.ContentLength]
		_, err = io.ReadFull(req.Body, data)
	} else {
		var r io.Reader = http.MaxBytesReader(c.Response(), req.Body, limit)
		if r, err = decodingReader(r, codings); err == nil {
			data, err = io.ReadAll(io.LimitReader(r, limit+1))
		}
	}
	if err == nil && int64(len(data)) <= limit {
		return data, nil
	}
	return nil, bodyError(err, codings, limit)
}

// bodyError says why readBody failed: a body over the limit (err is nil
// then, or net/http's MaxBytesError), a coding that does not decode, or a
// read that failed.
func bodyError(err error, codings []string, limit int64) *graphhttp.Error {
	var mbe *http.MaxBytesError
	var corrupt *corruptBodyError
	switch {
	case err == nil, errors.As(err, &mbe):
		return tooLarge(limit)
	case errors.As(err, &corrupt):
		return graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The request body is not valid %s data.", corrupt.coding)).WithCause(err)
	case len(codings) > 0:
		// A stream that ends early or fails its checksum.
		return graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The request body is not valid %s data.", codings[0])).WithCause(err)
	}
	return graphhttp.New(http.StatusBadRequest, "The request body could not be read.").WithCause(err)
}

// tooLarge is the 413 of a body over the limit.
func tooLarge(limit int64) *graphhttp.Error {
	return &graphhttp.Error{
		Status:  http.StatusRequestEntityTooLarge,
		Code:    graphcode.RequestEntityTooLarge,
		Message: fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit),
	}
}

// mediaType checks Content-Type and returns what the spec says of it. A
// header that does not parse is 400: a check skipped on a malformed header
// would let anything through. A media type the operation does not take, or
// a charset other than UTF-8, is 415.
func (op *Operation) mediaType(values []string) (*openapi3.MediaType, *graphhttp.Error) {
	var header string
	if len(values) > 0 {
		header = values[0]
	}
	if header == echo.MIMEApplicationJSON {
		// What nearly every request sends, and what ParseMediaType would
		// return unchanged, with no parameters: no need to parse it.
		if media := op.body.Content.Get(header); media != nil {
			return media, nil
		}
	}
	unsupported := func(msg string) *graphhttp.Error {
		return &graphhttp.Error{Status: http.StatusUnsupportedMediaType, Code: graphcode.UnsupportedMediaType, Message: msg}
	}
	if strings.TrimSpace(header) == "" {
		return nil, unsupported("The request body has no Content-Type; send application/json.")
	}
	mediaType, params, err := mime.ParseMediaType(header)
	if err != nil {
		ae := graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The Content-Type header '%s' is malformed; send application/json.", header))
		return nil, ae.WithCause(err)
	}
	media := op.body.Content.Get(mediaType)
	if media == nil {
		return nil, unsupported(fmt.Sprintf("Content-Type '%s' is not supported; send application/json.", mediaType))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return nil, unsupported(fmt.Sprintf("The charset '%s' is not supported; send the body as UTF-8.", cs))
	}
	return media, nil
}
