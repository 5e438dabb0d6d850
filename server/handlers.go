package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/internal/odata"
	"github.com/specfirst/intune-assignments/server/batch"
	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/store"
)

// Handlers implements the operations of the spec over a Store: the
// generated strict server's interface, which NewEcho puts behind the guards.
type Handlers struct {
	store    store.Store
	pageSize int // of a list without $top
	newID    func() string
	now      func() time.Time
	batch    *batch.Batcher // serves POST /$batch
}

var _ gen.StrictServerInterface = (*Handlers)(nil)

// NewHandlers returns the handlers over store; lists without $top have
// DefaultPageSize items, assignment ids are fresh GUIDs and error dates come
// from the wall clock.
func NewHandlers(st store.Store) *Handlers {
	return &Handlers{store: st, pageSize: DefaultPageSize, newID: graphhttp.NewGUID, now: time.Now}
}

// The operations' paths below are relative to
// /deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}.

// ListAssignments implements GET .../assignments: one page of the
// configuration's assignments, in creation order unless $orderby says
// otherwise, kept by $filter and narrowed by $select, with @odata.count for
// $count=true and @odata.nextLink while more remain.
func (s *Handlers) ListAssignments(ctx context.Context, req gen.ListAssignmentsRequestObject) (gen.ListAssignmentsResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	p := req.Params
	var q listQuery
	q.skip, q.top = pageBounds(p.Top, p.Skip, s.pageSize)
	q.count = p.Count != nil && *p.Count
	for _, parse := range []func() *optionError{
		func() *optionError { return q.parseFilter(p.Filter) },
		func() *optionError { return q.parseOrderBy(p.Orderby) },
		func() *optionError { return q.parseSelect(p.Select) },
	} {
		if oe := parse(); oe != nil {
			return gen.ListAssignments400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, oe.message, oe.option)}, nil
		}
	}
	body := newBuffer()
	buf := append(*body, `{"@odata.context":`...)
	buf = store.AppendString(buf, contextURL(ctx, configID, q.sel, false))
	var n, total int
	var err error
	if pa, ok := s.store.(store.PageAppender); ok && q.plain() {
		buf = append(buf, `,"value":[`...)
		buf, n, total, err = pa.AppendPage(ctx, configID, q.skip, q.top, q.sel, buf)
	} else {
		var page []store.Assignment
		page, total, err = s.query(ctx, configID, &q)
		if q.count {
			buf = append(buf, `,"@odata.count":`...)
			buf = strconv.AppendInt(buf, int64(total), 10)
		}
		buf = append(buf, `,"value":[`...)
		buf, n = store.AppendAll(buf, page, q.sel), len(page)
	}
	*body = buf
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound):
		releaseBuffer(body)
		return gen.ListAssignments404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case err != nil:
		releaseBuffer(body)
		return nil, fmt.Errorf("list the assignments of %q: %w", configID, err)
	}
	buf = append(buf, ']')
	// Graph writes the link after the value.
	if next := q.skip + n; next < total {
		buf = append(buf, `,"@odata.nextLink":`...)
		buf = store.AppendString(buf, nextLink(ctx, configID, &q, next))
	}
	*body = append(buf, '}')
	return &jsonBody{status: http.StatusOK, buf: body}, nil
}

// CountAssignments implements GET .../assignments/$count: how many of the
// configuration's assignments $filter keeps, as a plain-text integer.
func (s *Handlers) CountAssignments(ctx context.Context, req gen.CountAssignmentsRequestObject) (gen.CountAssignmentsResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	var q listQuery
	if oe := q.parseFilter(req.Params.Filter); oe != nil {
		return gen.CountAssignments400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, oe.message, oe.option)}, nil
	}
	_, total, err := s.query(ctx, configID, &q) // a page of none, and the count
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound):
		return gen.CountAssignments404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case err != nil:
		return nil, fmt.Errorf("count the assignments of %q: %w", configID, err)
	}
	return gen.CountAssignments200TextResponse(total), nil
}

// query answers a page of a list, and how many assignments the whole
// result has. Without $filter and $orderby the store pages by itself;
// with them every assignment is read, those $filter keeps are sorted by
// $orderby (ties in creation order), and the page of them after $skip is
// returned. A configuration's assignments fit in memory, as every store.Store
// holds them.
func (s *Handlers) query(ctx context.Context, configID string, q *listQuery) ([]store.Assignment, int, error) {
	if q.filter == nil && q.orderBy == nil {
		return s.store.List(ctx, configID, q.skip, q.top)
	}
	all, _, err := s.store.List(ctx, configID, 0, math.MaxInt)
	if err != nil {
		return nil, 0, err
	}
	kept := make([]*entity, 0, len(all))
	for i := range all {
		e := newEntity(&all[i])
		if q.filter == nil || q.filter.Match(e) {
			kept = append(kept, e)
		}
	}
	if q.orderBy != nil {
		slices.SortStableFunc(kept, func(a, b *entity) int { return odata.Compare(a, b, q.orderBy) })
	}
	start := min(q.skip, len(kept))
	end := start + min(q.top, len(kept)-start)
	page := make([]store.Assignment, 0, end-start)
	for _, e := range kept[start:end] {
		page = append(page, *e.a)
	}
	return page, len(kept), nil
}

// CreateAssignment implements POST .../assignments: the assignment is
// stored in its canonical form, with a fresh GUID when it has no id, and
// returned.
func (s *Handlers) CreateAssignment(ctx context.Context, req gen.CreateAssignmentRequestObject) (gen.CreateAssignmentResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	a := withDefaults(*req.Body, s.newID)
	err := s.store.Create(ctx, configID, a)
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound):
		return gen.CreateAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case errors.Is(err, store.ErrAssignmentExists):
		// Graph answers a duplicate key with 400 or 409; 409 is not in the spec.
		msg := fmt.Sprintf("An enrollmentConfigurationAssignment with id '%s' already exists in deviceEnrollmentConfiguration '%s'.", *a.Id, configID)
		return gen.CreateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, msg, "id")}, nil
	case err != nil:
		return nil, fmt.Errorf("create an assignment of %q: %w", configID, err)
	}
	return assignmentBody(http.StatusCreated, a, contextURL(ctx, configID, 0, true), 0), nil
}

// GetAssignment implements GET .../assignments/{enrollmentConfigurationAssignmentId},
// narrowed by $select.
func (s *Handlers) GetAssignment(ctx context.Context, req gen.GetAssignmentRequestObject) (gen.GetAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	var q listQuery
	if oe := q.parseSelect(req.Params.Select); oe != nil {
		return gen.GetAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, oe.message, oe.option)}, nil
	}
	a, err := s.store.Get(ctx, configID, id)
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound), errors.Is(err, store.ErrAssignmentNotFound):
		return gen.GetAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("get assignment %q of %q: %w", id, configID, err)
	}
	return assignmentBody(http.StatusOK, a, contextURL(ctx, configID, q.sel, true), q.sel), nil
}

// UpdateAssignment implements PATCH .../assignments/{enrollmentConfigurationAssignmentId}:
// the properties in the body replace the stored ones, the others are kept,
// and the assignment after the change is returned.
func (s *Handlers) UpdateAssignment(ctx context.Context, req gen.UpdateAssignmentRequestObject) (gen.UpdateAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	change := *req.Body
	if change.Id != nil && *change.Id != id {
		msg := fmt.Sprintf("The id in the body ('%s') differs from the id in the path ('%s'); an assignment's id cannot change.", *change.Id, id)
		return gen.UpdateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, msg, "id")}, nil
	}
	clearSourceID := intake.SentNull(ctx, "sourceId")
	updated, err := s.store.Update(ctx, configID, id, func(a store.Assignment) (store.Assignment, error) {
		a = applyUpdate(a, change)
		if clearSourceID {
			a.SourceId = nil
		}
		return store.Canonical(a), nil
	})
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound), errors.Is(err, store.ErrAssignmentNotFound):
		return gen.UpdateAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("update assignment %q of %q: %w", id, configID, err)
	}
	return assignmentBody(http.StatusOK, updated, contextURL(ctx, configID, 0, true), 0), nil
}

// DeleteAssignment implements DELETE .../assignments/{enrollmentConfigurationAssignmentId}.
func (s *Handlers) DeleteAssignment(ctx context.Context, req gen.DeleteAssignmentRequestObject) (gen.DeleteAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	err := s.store.Delete(ctx, configID, id)
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound), errors.Is(err, store.ErrAssignmentNotFound):
		return gen.DeleteAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("delete assignment %q of %q: %w", id, configID, err)
	}
	return gen.DeleteAssignment204Response{}, nil
}

// Assign implements POST .../assign: the given list becomes the
// configuration's whole set of assignments at once. Every item is checked
// before anything changes; items without an id get a fresh GUID.
func (s *Handlers) Assign(ctx context.Context, req gen.AssignRequestObject) (gen.AssignResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	items := req.Body.EnrollmentConfigurationAssignments
	all := make([]store.Assignment, len(items))
	seen := make(map[string]bool, len(items))
	for i, item := range items {
		a := withDefaults(item, s.newID)
		if seen[*a.Id] {
			msg := fmt.Sprintf("The id '%s' appears more than once in enrollmentConfigurationAssignments.", *a.Id)
			target := fmt.Sprintf("enrollmentConfigurationAssignments[%d].id", i)
			return gen.Assign400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, msg, target)}, nil
		}
		seen[*a.Id] = true
		all[i] = a
	}
	err := s.store.Replace(ctx, configID, all)
	switch {
	case errors.Is(err, store.ErrConfigurationNotFound):
		return gen.Assign404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case err != nil:
		return nil, fmt.Errorf("replace the assignments of %q: %w", configID, err)
	}
	return gen.Assign204Response{}, nil
}

// AssignQualified implements POST .../microsoft.graph.assign, the assign
// action under its namespace-qualified name.
func (s *Handlers) AssignQualified(ctx context.Context, req gen.AssignQualifiedRequestObject) (gen.AssignQualifiedResponseObject, error) {
	resp, err := s.Assign(ctx, gen.AssignRequestObject(req))
	if err != nil {
		return nil, err
	}
	return qualifiedAssignResponse{resp}, nil
}

// qualifiedAssignResponse answers the qualified assign exactly as assign
// does: the two operations' responses are the same, under other names.
type qualifiedAssignResponse struct{ gen.AssignResponseObject }

func (r qualifiedAssignResponse) VisitAssignQualifiedResponse(w http.ResponseWriter) error {
	return r.VisitAssignResponse(w)
}

// notFound is the 404 body for a missing configuration or assignment.
func (s *Handlers) notFound(ctx context.Context, err error, configID, id string) gen.NotFoundJSONResponse {
	msg := fmt.Sprintf("deviceEnrollmentConfiguration '%s' was not found.", configID)
	if errors.Is(err, store.ErrAssignmentNotFound) {
		msg = fmt.Sprintf("enrollmentConfigurationAssignment '%s' was not found in deviceEnrollmentConfiguration '%s'.", id, configID)
	}
	return gen.NotFoundJSONResponse(graphhttp.ErrorBody(ctx, s.now(), graphcode.ResourceNotFound, msg, ""))
}

// badRequest is the 400 body for a request the spec allows but the
// service refuses.
func (s *Handlers) badRequest(ctx context.Context, msg, target string) gen.BadRequestJSONResponse {
	return gen.BadRequestJSONResponse(graphhttp.ErrorBody(ctx, s.now(), graphcode.BadRequest, msg, target))
}
