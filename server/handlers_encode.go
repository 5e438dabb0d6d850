package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/store"
)

// The success bodies that carry assignments are the emulator's hot path: a
// list page holds up to 999 of them. The generated response types encode
// them with encoding/json, which reflects over every field and scans every
// target's raw JSON again to compact it; the types here write the same
// JSON directly. The strict handler takes any value that implements an
// operation's response interface, TestEncodersMatchTheGeneratedOnes holds
// them to the generated encoding, and every test validates what they write
// against the spec.

// jsonBody is a response body written in full before it is sent, from a
// pooled buffer that goes back to the pool once sent. It is handed over as
// a pointer, the one allocation that holds it and its Content-Length.
type jsonBody struct {
	status        int
	buf           *[]byte
	contentLength [1]string
}

var (
	_ gen.CreateAssignmentResponseObject = (*jsonBody)(nil)
	_ gen.GetAssignmentResponseObject    = (*jsonBody)(nil)
	_ gen.UpdateAssignmentResponseObject = (*jsonBody)(nil)
	_ gen.ListAssignmentsResponseObject  = (*jsonBody)(nil)
)

// assignmentBody is the 200 or 201 body of one assignment: the answer of
// createAssignment, getAssignment and updateAssignment, with its
// @odata.context and the properties sel keeps.
func assignmentBody(status int, a store.Assignment, context string, sel store.Fields) *jsonBody {
	buf := newBuffer()
	j := store.ViewOf(&a)
	*buf = j.AppendTo(*buf, context, sel)
	return &jsonBody{status: status, buf: buf}
}

func (b *jsonBody) VisitCreateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }
func (b *jsonBody) VisitGetAssignmentResponse(w http.ResponseWriter) error    { return b.write(w) }
func (b *jsonBody) VisitUpdateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }
func (b *jsonBody) VisitListAssignmentsResponse(w http.ResponseWriter) error  { return b.write(w) }

// jsonContentType is the Content-Type of every JSON body, one slice that
// every response's header shares: net/http only reads it.
var jsonContentType = []string{"application/json"}

func (b *jsonBody) write(w http.ResponseWriter) error {
	defer releaseBuffer(b.buf)
	h := w.Header()
	// The keys are in net/http's canonical form already: set directly,
	// they are not canonicalized again.
	h["Content-Type"] = jsonContentType
	b.contentLength[0] = strconv.Itoa(len(*b.buf))
	h["Content-Length"] = b.contentLength[:]
	w.WriteHeader(b.status)
	_, err := w.Write(*b.buf)
	return err
}

// buffers keeps response buffers from one request to the next; a page of
// 100 assignments is about 15 KB.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// maxPooledBuffer keeps the buffer of a rare huge page out of the pool.
const maxPooledBuffer = 1 << 20

func newBuffer() *[]byte {
	b := buffers.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

func releaseBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		buffers.Put(b)
	}
}
