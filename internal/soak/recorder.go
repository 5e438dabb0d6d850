package soak

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/specfirst/intune-assignments/gen"
)

// recorder counts every answer by status, before the client's retries
// hide any, and tells an injected 5xx from a real one by its status and
// message: the answers of the HTTP calls, and the answers of the requests
// inside each batch that came back whole. It sits under the clients of
// both schemes (see wrap).
type recorder struct {
	mu           sync.Mutex
	statuses     map[int]int64
	schemes      map[string]int64 // requests sent, by scheme (http, https)
	tokens       int64            // requests to the token endpoint
	noAnswer     int64            // transport errors: resets, refused connections, the process killed
	injected5xx  int64            // 5xx answers that are injected faults, batch items included
	real5xx      []string         // every other 5xx, described
	real5xxCount int64
	batches      int64         // batches whose answer was read whole
	items        map[int]int64 // the answers inside them, by status
	injectedItem int64         // injected 5xx among them
	malformed    []string      // batch answers read whole that are no batch response
}

func newRecorder() *recorder {
	return &recorder{statuses: map[int]int64{}, schemes: map[string]int64{}, items: map[int]int64{}}
}

// maxRecorded bounds the real 5xx answers described in the report.
const maxRecorded = 10

// wrap returns next with r recording every request it sends.
func (r *recorder) wrap(next http.RoundTripper) http.RoundTripper {
	return recording{r, next}
}

type recording struct {
	r    *recorder
	next http.RoundTripper
}

func (t recording) RoundTrip(req *http.Request) (*http.Response, error) {
	rsp, err := t.next.RoundTrip(req)
	var body []byte
	readErr := error(nil)
	isBatch := strings.HasSuffix(req.URL.Path, "/$batch")
	if err == nil && (rsp.StatusCode >= 500 || isBatch && rsp.StatusCode == http.StatusOK) {
		// Read the body, and give the client what was read and how the
		// read ended: a batch's answer cut short fails the client's read.
		body, readErr = io.ReadAll(io.LimitReader(rsp.Body, 32<<20))
		_ = rsp.Body.Close()
		rsp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{readErr}))
	}
	r := t.r
	r.mu.Lock()
	defer r.mu.Unlock()
	r.schemes[req.URL.Scheme]++
	if strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token") {
		r.tokens++
	}
	if err != nil {
		r.noAnswer++
		return nil, err
	}
	r.statuses[rsp.StatusCode]++
	switch {
	case rsp.StatusCode >= 500:
		r.answer5xx(readErr == nil, rsp.StatusCode, body, func() string { return req.Method + " " + req.URL.Path })
	case isBatch && rsp.StatusCode == http.StatusOK && readErr == nil:
		r.batchAnswers(req, body)
	}
	return rsp, nil
}

// answer5xx counts one 5xx answer, of a request or of a request inside a
// batch, described by what.
func (r *recorder) answer5xx(whole bool, status int, body []byte, what func() string) bool {
	if whole && status == injectedStatus && errorMessage(body) == injectedMessage {
		r.injected5xx++
		return true
	}
	r.real5xxCount++
	if len(r.real5xx) < maxRecorded {
		r.real5xx = append(r.real5xx, fmt.Sprintf("%s: %d %s", what(), status, body))
	}
	return false
}

// batchAnswers counts the answers of the requests of a batch.
func (r *recorder) batchAnswers(req *http.Request, body []byte) {
	var content gen.BatchResponseContent
	if err := json.Unmarshal(body, &content); err != nil {
		if len(r.malformed) < maxRecorded {
			r.malformed = append(r.malformed, fmt.Sprintf("%s %s answered 200 with no batch response (%v): %.200s", req.Method, req.URL.Path, err, body))
		}
		return
	}
	r.batches++
	for _, item := range content.Responses {
		status := int(item.Status)
		r.items[status]++
		if status >= 500 && r.answer5xx(true, status, item.Body, func() string { return fmt.Sprintf("%s %s, request %s", req.Method, req.URL.Path, item.Id) }) {
			r.injectedItem++
		}
	}
}

// errReader is a body's end: EOF, or the error its read ended with.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err == nil {
		return 0, io.EOF
	}
	return 0, e.err
}

// errorMessage is the message of a Graph error body, or "".
func errorMessage(body []byte) string {
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Message
}

// counts is a copy of what the recorder counted.
type counts struct {
	statuses     map[int]int64
	schemes      map[string]int64
	tokens       int64
	noAnswer     int64
	injected5xx  int64
	real5xxCount int64
	real5xx      []string
	batches      int64
	items        map[int]int64
	injectedItem int64
	malformed    []string
}

func (r *recorder) counts() counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	return counts{
		statuses: maps.Clone(r.statuses), schemes: maps.Clone(r.schemes), items: maps.Clone(r.items),
		tokens: r.tokens, noAnswer: r.noAnswer, injected5xx: r.injected5xx, real5xxCount: r.real5xxCount,
		real5xx: slices.Clone(r.real5xx), batches: r.batches, injectedItem: r.injectedItem, malformed: slices.Clone(r.malformed),
	}
}

// answered is the number of requests that got an answer.
func (c counts) answered() int64 { return total(c.statuses) }

// itemsAnswered is the number of answers inside batches read whole.
func (c counts) itemsAnswered() int64 { return total(c.items) }

func total[K comparable](m map[K]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
