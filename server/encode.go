package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/specfirst/intune-assignments/gen"
)

// The success bodies that carry assignments are the emulator's hot path: a
// list page holds up to 999 of them. The generated response types encode
// them with encoding/json, which reflects over every field and scans every
// target's raw JSON again to compact it; these types write the same JSON
// directly. The strict handler takes any value that implements an
// operation's response interface, and every test validates what they write
// against the spec.

// assignmentBody is the 200 or 201 body of one assignment: the answer of
// createAssignment, getAssignment and updateAssignment.
type assignmentBody struct {
	status int
	a      Assignment
}

var (
	_ gen.CreateAssignmentResponseObject = assignmentBody{}
	_ gen.GetAssignmentResponseObject    = assignmentBody{}
	_ gen.UpdateAssignmentResponseObject = assignmentBody{}
	_ gen.ListAssignmentsResponseObject  = assignmentsPage{}
)

func (b assignmentBody) VisitCreateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }
func (b assignmentBody) VisitGetAssignmentResponse(w http.ResponseWriter) error    { return b.write(w) }
func (b assignmentBody) VisitUpdateAssignmentResponse(w http.ResponseWriter) error { return b.write(w) }

func (b assignmentBody) write(w http.ResponseWriter) error {
	return writeJSON(w, b.status, func(buf []byte) []byte { return appendAssignment(buf, &b.a) })
}

// assignmentsPage is the 200 body of listAssignments.
type assignmentsPage struct {
	value    []Assignment
	nextLink string // "" on the last page
}

func (p assignmentsPage) VisitListAssignmentsResponse(w http.ResponseWriter) error {
	return writeJSON(w, http.StatusOK, func(buf []byte) []byte {
		buf = append(buf, '{')
		if p.nextLink != "" {
			buf = append(buf, `"@odata.nextLink":`...)
			buf = appendString(buf, p.nextLink)
			buf = append(buf, ',')
		}
		buf = append(buf, `"value":[`...)
		for i := range p.value {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendAssignment(buf, &p.value[i])
		}
		return append(buf, "]}"...)
	})
}

// appendAssignment appends a's JSON with the generated struct's members,
// order and omissions. The target is written as the union holds it: its
// bytes were validated against the spec on the way in (or, for a store fed
// directly, decoded by encoding/json), so they are one JSON value.
func appendAssignment(buf []byte, a *Assignment) []byte {
	buf = append(buf, '{')
	if a.OdataType != nil {
		buf = append(buf, `"@odata.type":`...)
		buf = appendString(buf, string(*a.OdataType))
		buf = append(buf, ',')
	}
	if a.Id != nil {
		buf = append(buf, `"id":`...)
		buf = appendString(buf, *a.Id)
		buf = append(buf, ',')
	}
	if a.Source != nil {
		buf = append(buf, `"source":`...)
		buf = appendString(buf, string(*a.Source))
		buf = append(buf, ',')
	}
	if a.SourceId != nil {
		buf = append(buf, `"sourceId":`...)
		buf = appendString(buf, *a.SourceId)
		buf = append(buf, ',')
	}
	buf = append(buf, `"target":`...)
	target, err := a.Target.MarshalJSON()
	if err != nil || len(target) == 0 {
		target = []byte("null")
	}
	buf = append(buf, target...)
	return append(buf, '}')
}

// appendString appends s as a JSON string. The values written are strings
// that arrived as valid UTF-8; AppendQuote would write U+FFFD for anything
// else, which keeps the output valid JSON all the same.
func appendString(buf []byte, s string) []byte {
	buf, _ = jsontext.AppendQuote(buf, s)
	return buf
}

// buffers keeps response buffers from one request to the next; a page of
// 100 assignments is about 15 KB.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// maxPooledBuffer keeps the buffer of a rare huge page out of the pool.
const maxPooledBuffer = 1 << 20

// writeJSON writes the body that fill appends, as application/json.
func writeJSON(w http.ResponseWriter, status int, fill func([]byte) []byte) error {
	bp := buffers.Get().(*[]byte)
	buf := fill((*bp)[:0])
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(status)
	_, err := w.Write(buf)
	if cap(buf) <= maxPooledBuffer {
		*bp = buf
		buffers.Put(bp)
	}
	return err
}
