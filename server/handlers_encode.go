package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/specfirst/intune-assignments/gen"
)

// The success bodies that carry assignments are the emulator's hot path: a
// list page holds up to 999 of them. The generated response types encode
// them with encoding/json, which reflects over every field and scans every
// target's raw JSON again to compact it; the types here write the same
// JSON directly. The strict handler takes any value that implements an
// operation's response interface, TestEncodersMatchTheGeneratedOnes holds
// them to the generated encoding, and every test validates what they write
// against the spec.

// assignmentJSON is an assignment's properties as they are written; a
// string that is absent is nil. It points into what it was made from and
// is used at once.
type assignmentJSON struct {
	odataType, id, source, sourceID *string
	// target is the target's JSON as held: it was validated against the
	// spec on the way in (or, for a store fed directly, decoded by
	// encoding/json), so it is one JSON value.
	target []byte
}

// jsonOf views a's properties for writing, in their canonical form (see
// canonicalAssignment).
func jsonOf(a *Assignment) assignmentJSON {
	c := canonicalAssignment(*a)
	j := assignmentJSON{id: c.Id, sourceID: c.SourceId, odataType: (*string)(c.OdataType), source: (*string)(c.Source)}
	j.target, _ = c.Target.MarshalJSON()
	return j
}

// selection is the properties a $select keeps; zero keeps them all, the
// @odata.type included, which a $select leaves out as Graph does.
type selection uint8

const (
	selectID selection = 1 << iota
	selectTarget
	selectSource
	selectSourceID
)

func (s selection) has(p selection) bool { return s == 0 || s&p != 0 }

// appendTo appends the assignment's JSON with the generated struct's
// members, order and omissions: @odata.context first when context is
// not empty, then the properties sel keeps.
func (j *assignmentJSON) appendTo(buf []byte, context string, sel selection) []byte {
	buf = append(buf, '{')
	if context != "" {
		buf = append(buf, `"@odata.context":`...)
		buf = append(appendString(buf, context), ',')
	}
	if sel == 0 {
		buf = appendMember(buf, `"@odata.type":`, j.odataType)
	}
	if sel.has(selectID) {
		buf = appendMember(buf, `"id":`, j.id)
	}
	if sel.has(selectSource) {
		buf = appendMember(buf, `"source":`, j.source)
	}
	if sel.has(selectSourceID) {
		buf = appendMember(buf, `"sourceId":`, j.sourceID)
	}
	// A zero target (only a store fed directly can hold one) is left out,
	// as the generated struct's omitzero leaves it out.
	if sel.has(selectTarget) && len(j.target) != 0 && string(j.target) != "null" {
		buf = append(buf, `"target":`...)
		buf = append(append(buf, j.target...), ',')
	}
	if buf[len(buf)-1] == ',' {
		buf = buf[:len(buf)-1]
	}
	return append(buf, '}')
}

// appendMember appends name and value and a comma, or nothing for nil.
func appendMember(buf []byte, name string, value *string) []byte {
	if value == nil {
		return buf
	}
	buf = append(buf, name...)
	return append(appendString(buf, *value), ',')
}

// appendString appends s as a JSON string. The values written are strings
// that arrived as valid UTF-8; AppendQuote would write U+FFFD for anything
// else, which keeps the output valid JSON all the same.
func appendString(buf []byte, s string) []byte {
	buf, _ = jsontext.AppendQuote(buf, s)
	return buf
}

// pageAppender is a Store that writes a page of a list straight into the
// response, comma-separated, instead of copying each assignment out first:
// the list handler uses it when the store has it.
type pageAppender interface {
	// appendPage appends the JSON of at most top assignments after skip,
	// with the properties sel keeps, and returns how many it appended and
	// how many the configuration has.
	appendPage(ctx context.Context, configID string, skip, top int, sel selection, buf []byte) (_ []byte, n, total int, err error)
}

// appendPage writes the JSON of page, with the properties sel keeps.
func appendPage(buf []byte, page []Assignment, sel selection) []byte {
	for i := range page {
		if i > 0 {
			buf = append(buf, ',')
		}
		j := jsonOf(&page[i])
		buf = j.appendTo(buf, "", sel)
	}
	return buf
}

// jsonBody is a response body written in full before it is sent, from a
// pooled buffer that goes back to the pool once sent.
type jsonBody struct {
	status int
	buf    *[]byte
}

var (
	_ gen.CreateAssignmentResponseObject = jsonBody{}
	_ gen.GetAssignmentResponseObject    = jsonBody{}
	_ gen.UpdateAssignmentResponseObject = jsonBody{}
	_ gen.ListAssignmentsResponseObject  = jsonBody{}
)

// assignmentBody is the 200 or 201 body of one assignment: the answer of
// createAssignment, getAssignment and updateAssignment, with its
// @odata.context and the properties sel keeps.
func assignmentBody(status int, a Assignment, context string, sel selection) jsonBody {
	buf := newBuffer()
	j := jsonOf(&a)
	*buf = j.appendTo(*buf, context, sel)
	return jsonBody{status: status, buf: buf}
}

func (b jsonBody) VisitCreateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }
func (b jsonBody) VisitGetAssignmentResponse(w http.ResponseWriter) error    { return b.write(w) }
func (b jsonBody) VisitUpdateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }
func (b jsonBody) VisitListAssignmentsResponse(w http.ResponseWriter) error  { return b.write(w) }

func (b jsonBody) write(w http.ResponseWriter) error {
	defer releaseBuffer(b.buf)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(*b.buf)))
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
