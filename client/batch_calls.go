package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/specfirst/intune-assignments/gen"
)

// The calls a Batch queues are the Client's, with the same arguments,
// checked against the spec when they are queued (a call the spec does not
// allow returns an error wrapping ErrInvalidInput and is not queued), and
// the same results. Each returns the Queued call, whose Result is known
// after Send.

// CreateAssignment queues createAssignment (see Client.CreateAssignment).
func (b *Batch) CreateAssignment(configID string, a Assignment, opts ...CallOption) (*Queued[*Assignment], error) {
	op := b.c.ops.create
	if err := op.check(a, configID); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) { return gen.NewCreateAssignmentRequest(server, configID, a) }
	return queue(b, op.operation, build, decodeJSON[Assignment], opts)
}

// GetAssignment queues getAssignment (see Client.GetAssignment).
func (b *Batch) GetAssignment(configID, assignmentID string, get GetOptions, opts ...CallOption) (*Queued[*Assignment], error) {
	op := b.c.ops.get
	if err := op.check(nil, configID, assignmentID); err != nil {
		return nil, err
	}
	params := &gen.GetAssignmentParams{}
	if err := op.query(get, params); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) {
		return gen.NewGetAssignmentRequest(server, configID, assignmentID, params)
	}
	return queue(b, op.operation, build, decodeJSON[Assignment], opts)
}

// UpdateAssignment queues updateAssignment (see Client.UpdateAssignment).
func (b *Batch) UpdateAssignment(configID, assignmentID string, update AssignmentUpdate, opts ...CallOption) (*Queued[*Assignment], error) {
	op := b.c.ops.update
	if err := op.check(update, configID, assignmentID); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) {
		return gen.NewUpdateAssignmentRequest(server, configID, assignmentID, update)
	}
	return queue(b, op.operation, build, decodeJSON[Assignment], opts)
}

// DeleteAssignment queues deleteAssignment (see Client.DeleteAssignment).
func (b *Batch) DeleteAssignment(configID, assignmentID string, opts ...CallOption) (*Queued[struct{}], error) {
	op := b.c.ops.delete
	if err := op.check(nil, configID, assignmentID); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) {
		return gen.NewDeleteAssignmentRequest(server, configID, assignmentID)
	}
	return queue(b, op.operation, build, decodeNothing, opts)
}

// ListAssignmentsPage queues listAssignments for one page (see
// Client.ListAssignmentsPage); follow its OdataNextLink with the Client.
func (b *Batch) ListAssignmentsPage(configID string, list ListOptions, opts ...CallOption) (*Queued[*AssignmentPage], error) {
	params, err := b.c.listParams(configID, list)
	if err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) {
		return gen.NewListAssignmentsRequest(server, configID, params)
	}
	return queue(b, b.c.ops.list.operation, build, decodeJSON[AssignmentPage], opts)
}

// CountAssignments queues countAssignments (see Client.CountAssignments).
func (b *Batch) CountAssignments(configID string, count CountOptions, opts ...CallOption) (*Queued[int64], error) {
	op := b.c.ops.count
	if err := op.check(nil, configID); err != nil {
		return nil, err
	}
	params := &gen.CountAssignmentsParams{}
	if err := op.query(count, params); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) {
		return gen.NewCountAssignmentsRequest(server, configID, params)
	}
	return queue(b, op.operation, build, decodeCount, opts)
}

// Assign queues assign (see Client.Assign).
func (b *Batch) Assign(configID string, assignments []Assignment, opts ...CallOption) (*Queued[struct{}], error) {
	if assignments == nil {
		assignments = []Assignment{}
	}
	body := gen.AssignRequest{EnrollmentConfigurationAssignments: assignments}
	op := b.c.ops.assign
	if err := op.check(body, configID); err != nil {
		return nil, err
	}
	build := func(server string) (*http.Request, error) { return gen.NewAssignRequest(server, configID, body) }
	return queue(b, op.operation, build, decodeNothing, opts)
}

// answerBody returns the answer's body when it is the operation's success
// (its status and media type), and otherwise the call's error: an *Error
// read from Graph's error body for a non-2xx answer, as the direct call
// returns it.
func answerBody(s *step) ([]byte, error) {
	a := s.answer
	headers := http.Header{}
	if a.Headers != nil {
		for name, value := range *a.Headers {
			headers.Set(name, value)
		}
	}
	status := int(a.Status)
	switch {
	case status < 200 || status > 299:
		rsp := &http.Response{StatusCode: status, Header: headers, Body: io.NopCloser(bytes.NewReader(a.Body))}
		return nil, newError(s.op.id, rsp, s.now())
	case status != s.op.status:
		return nil, fmt.Errorf("%s: unexpected status %d, want %d", s.op.id, status, s.op.status)
	case len(a.Body) > 0 && !s.op.hasMedia(headers.Get("Content-Type")):
		return nil, fmt.Errorf("%s: the %d answer is %q, not %s", s.op.id, status, headers.Get("Content-Type"), s.op.media)
	}
	return a.Body, nil
}

// decodeJSON reads a JSON success answer into a T.
func decodeJSON[T any](s *step) (*T, error) {
	body, err := answerBody(s)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("%s: the answer's body: %w", s.op.id, err)
	}
	return v, nil
}

// decodeNothing reads a success answer without a body.
func decodeNothing(s *step) (struct{}, error) {
	_, err := answerBody(s)
	return struct{}{}, err
}

// decodeCount reads the count of a $count answer: plain text, which the
// batch's response holds as a JSON string.
func decodeCount(s *step) (int64, error) {
	body, err := answerBody(s)
	if err != nil {
		return 0, err
	}
	var text string
	if err := json.Unmarshal(body, &text); err != nil {
		return 0, fmt.Errorf("%s: the answer's body %s is not the text of a count", s.op.id, body)
	}
	n, err := parseCount([]byte(text))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.op.id, err)
	}
	return n, nil
}
