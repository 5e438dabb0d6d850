package batch

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// recorder is the http.ResponseWriter of a batch's request: it keeps the
// answer for the batch's response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

// Flush does nothing: the answer is sent with the batch's.
func (w *recorder) Flush() {}

// The headers of an answer that describe its transport, which the batch's
// response does not repeat per request.
var transportHeaders = map[string]bool{"Content-Length": true, "Transfer-Encoding": true, "Connection": true, "Trailer": true}

// answer is what the request id answered, as the batch's response holds
// it: the status, the headers (each one value, several joined with ", ")
// and the body in OData's JSON batch format (see itemBody).
func (w *recorder) answer(id string) gen.BatchResponseItem {
	a := gen.BatchResponseItem{Id: id, Status: int32(w.status)}
	if w.status == 0 {
		a.Status = http.StatusOK
	}
	headers := map[string]string{}
	for name, values := range w.header {
		if !transportHeaders[name] && len(values) > 0 {
			headers[name] = strings.Join(values, ", ")
		}
	}
	if len(headers) > 0 {
		a.Headers = &headers
	}
	if w.body.Len() > 0 {
		a.Body = answerBody(w.body.Bytes(), w.header.Get("Content-Type"))
	}
	return a
}

// answerBody writes a body as the batch's response holds it: JSON as
// itself, text as a JSON string, anything else as a string in base64url.
func answerBody(body []byte, contentType string) json.RawMessage {
	media, _, _ := mime.ParseMediaType(contentType)
	switch {
	case isJSON(media) && json.Valid(body):
		return bytes.Clone(body)
	case strings.HasPrefix(media, "text/") && utf8.Valid(body):
		raw, _ := json.Marshal(string(body))
		return raw
	}
	raw, _ := json.Marshal(base64.URLEncoding.EncodeToString(body))
	return raw
}

// refusal is the answer of a request of the batch that was not run: a
// dependency failed (424), or it cannot be made a request (400). It has
// Graph's error body, with a request-id of its own and the batch's
// client-request-id, as the request would have had.
func (s *session) refusal(id string, ae *graphhttp.Error) gen.BatchResponseItem {
	info := graphhttp.RequestInfoFrom(s.outer.Context())
	info.RequestID = uuid.NewString()
	raw, _ := json.Marshal(graphhttp.ErrorBodyOf(info, s.b.now(), ae.Code, ae.Message, ae.Target))
	headers := map[string]string{
		"Content-Type": "application/json",
		http.CanonicalHeaderKey(graphhttp.HeaderRequestID):       info.RequestID,
		http.CanonicalHeaderKey(graphhttp.HeaderClientRequestID): info.ClientRequestID,
	}
	return gen.BatchResponseItem{Id: id, Status: int32(ae.Status), Headers: &headers, Body: raw}
}
