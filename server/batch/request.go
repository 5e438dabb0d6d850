package batch

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// serve makes the request of a batch an http.Request and has the
// emulator's handler answer it, or answers it 400 when it cannot be made.
func (s *session) serve(r gen.BatchRequestItem) gen.BatchResponseItem {
	req, ae := s.newRequest(r)
	if ae != nil {
		return s.refusal(r.Id, ae)
	}
	defer req.cancel()
	w := newRecorder()
	// A fault that drops the request's connection aborts it (a recorder has
	// none to take over): run sees the panic and drops the batch's.
	s.b.handler.ServeHTTP(w, req.Request)
	return w.answer(r.Id)
}

// itemRequest is the http.Request of a batch's request, and what ends its
// context.
type itemRequest struct {
	*http.Request
	cancel func()
}

// The headers of the batch's own request that each of its requests takes:
// the token, and those from which the API's absolute URLs are made.
var fromBatch = []string{"Authorization", "X-Forwarded-Proto", "X-Forwarded-Protocol", "X-Forwarded-Ssl", "X-Url-Scheme"}

// The headers a request of a batch cannot set: the batch's own stand for
// them, or they describe the transport rather than the request.
var notFromItem = map[string]bool{
	"Authorization": true, "Host": true, "Content-Length": true, "Transfer-Encoding": true,
	"Connection": true, "Te": true, "Trailer": true, "Upgrade": true,
	http.CanonicalHeaderKey(graphhttp.HeaderClientRequestID): true,
}

// newRequest makes r the request the emulator would get had r been sent on
// its own, on the batch's connection: the batch's host, TLS, remote
// address, token and client-request-id, r's method, URL under the version
// root, headers and body. Its context is new, ended with the batch's, and
// holds none of the batch request's values: nothing the batch's own checks
// learnt reaches r.
func (s *session) newRequest(r gen.BatchRequestItem) (*itemRequest, *graphhttp.Error) {
	if isAbsolute(r.Url) {
		// Graph reads the URL as a path under the version root, whose first
		// segment is then the scheme.
		first, _, _ := strings.Cut(r.Url, "/")
		return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("Resource not found for the segment '%s'.", first))
	}
	if !validMethod(r.Method) {
		return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The method '%s' of request %s is not an HTTP method.", r.Method, r.Id))
	}
	base := s.b.basePath
	u, err := url.ParseRequestURI(base + "/" + strings.TrimPrefix(r.Url, "/"))
	if err != nil {
		return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The url of request %s is not a valid relative URL.", r.Id)).WithCause(err)
	}
	if strings.EqualFold(strings.Trim(strings.TrimPrefix(u.Path, base), "/"), "$batch") {
		return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("Request %s is a batch: a batch cannot contain another batch.", r.Id))
	}
	header := http.Header{}
	if r.Headers != nil {
		for name, value := range *r.Headers {
			if !notFromItem[http.CanonicalHeaderKey(name)] {
				header.Set(name, value)
			}
		}
	}
	for _, name := range fromBatch {
		if v := s.outer.Header.Values(name); len(v) > 0 {
			header[name] = v
		}
	}
	header.Set(graphhttp.HeaderClientRequestID, graphhttp.RequestInfoFrom(s.outer.Context()).ClientRequestID)
	body, ae := itemBody(r, header.Get("Content-Type"))
	if ae != nil {
		return nil, ae
	}

	ctx, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(s.ctx, cancel)
	for _, key := range []any{http.ServerContextKey, http.LocalAddrContextKey} {
		if v := s.outer.Context().Value(key); v != nil {
			ctx = context.WithValue(ctx, key, v)
		}
	}
	req := (&http.Request{
		Method:     r.Method,
		URL:        u,
		Proto:      s.outer.Proto,
		ProtoMajor: s.outer.ProtoMajor,
		ProtoMinor: s.outer.ProtoMinor,
		Header:     header,
		Host:       s.outer.Host,
		RemoteAddr: s.outer.RemoteAddr,
		RequestURI: u.RequestURI(),
		TLS:        s.outer.TLS,
	}).WithContext(ctx)
	req.Body, req.ContentLength = http.NoBody, 0
	if body != nil {
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	return &itemRequest{Request: req, cancel: func() { stop(); cancel() }}, nil
}

// itemBody is the body of r as its Content-Type says to read it, in
// OData's JSON batch format: for JSON, the body member is the body itself;
// for text, a string holding the text; for anything else, a string holding
// the bytes in base64 (URL-safe or standard, padded or not). nil is no
// body. A body without a Content-Type is sent as its JSON, which the
// operation then refuses as a request on its own would be.
func itemBody(r gen.BatchRequestItem, contentType string) ([]byte, *graphhttp.Error) {
	raw := bytes.TrimSpace(r.Body)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	media, _, err := mime.ParseMediaType(contentType)
	if raw[0] != '"' || err != nil || isJSON(media) {
		return raw, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The body of request %s is not a valid JSON string.", r.Id)).WithCause(err)
	}
	if strings.HasPrefix(media, "text/") {
		return []byte(s), nil
	}
	for _, enc := range []*base64.Encoding{base64.URLEncoding, base64.RawURLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf(
		"The body of request %s is not base64, as the body of a request of media type '%s' must be.", r.Id, media))
}

// isJSON reports whether a media type is JSON: application/json or a
// +json type.
func isJSON(media string) bool {
	return media == "application/json" || strings.HasSuffix(media, "+json")
}

// isAbsolute reports whether a request's URL names a scheme, as
// msgraph-core for Python writes them: https://graph.microsoft.com/...
func isAbsolute(raw string) bool {
	path, _, _ := strings.Cut(raw, "?")
	u, err := url.Parse(path)
	return strings.Contains(path, "://") || (err == nil && u.Scheme != "")
}

// validMethod reports whether m is an HTTP method token (RFC 9110), as
// net/http requires of a request it serves.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := range len(m) {
		c := m[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
