package soak

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// recorder is the transport under the client: it counts every answer by
// status, before the client's retries hide any, and tells an injected 5xx
// from a real one by its status and message.
type recorder struct {
	next http.RoundTripper

	mu           sync.Mutex
	statuses     map[int]int64
	noAnswer     int64    // transport errors: resets, refused connections, the process killed
	injected5xx  int64    // 5xx answers that are injected faults
	real5xx      []string // every other 5xx, described
	real5xxCount int64
}

func newRecorder(next http.RoundTripper) *recorder {
	return &recorder{next: next, statuses: map[int]int64{}}
}

// maxRecorded bounds the real 5xx answers described in the report.
const maxRecorded = 10

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rsp, err := r.next.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.noAnswer++
		return nil, err
	}
	r.statuses[rsp.StatusCode]++
	if rsp.StatusCode < 500 {
		return rsp, nil
	}
	// Read the error body, and put it back for the client.
	body, readErr := io.ReadAll(io.LimitReader(rsp.Body, 1<<16))
	_ = rsp.Body.Close()
	rsp.Body = io.NopCloser(bytes.NewReader(body))
	if readErr == nil && rsp.StatusCode == injectedStatus && errorMessage(body) == injectedMessage {
		r.injected5xx++
		return rsp, nil
	}
	r.real5xxCount++
	if len(r.real5xx) < maxRecorded {
		r.real5xx = append(r.real5xx, fmt.Sprintf("%s %s: %d %s", req.Method, req.URL.Path, rsp.StatusCode, body))
	}
	return rsp, nil
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
	noAnswer     int64
	injected5xx  int64
	real5xxCount int64
	real5xx      []string
}

func (r *recorder) counts() counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := counts{noAnswer: r.noAnswer, injected5xx: r.injected5xx, real5xxCount: r.real5xxCount, statuses: map[int]int64{}}
	c.real5xx = append(c.real5xx, r.real5xx...)
	for k, v := range r.statuses {
		c.statuses[k] = v
	}
	return c
}

// answered is the number of requests that got an answer.
func (c counts) answered() int64 {
	var n int64
	for _, v := range c.statuses {
		n += v
	}
	return n
}
