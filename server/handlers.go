package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// The operations' paths below are relative to
// /deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}.

// ListAssignments implements GET .../assignments: one page of the
// configuration's assignments in creation order, with @odata.nextLink while
// more remain.
func (s *Server) ListAssignments(ctx context.Context, req gen.ListAssignmentsRequestObject) (gen.ListAssignmentsResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	skip, top := pageBounds(req.Params, s.pageSize)
	body := newBuffer()
	buf := append(*body, `{"value":[`...)
	var n, total int
	var err error
	if pa, ok := s.store.(pageAppender); ok {
		buf, n, total, err = pa.appendPage(ctx, configID, skip, top, buf)
	} else {
		var page []Assignment
		page, total, err = s.store.List(ctx, configID, skip, top)
		buf, n = appendPage(buf, page), len(page)
	}
	*body = buf
	switch {
	case errors.Is(err, ErrConfigurationNotFound):
		releaseBuffer(body)
		return gen.ListAssignments404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case err != nil:
		releaseBuffer(body)
		return nil, fmt.Errorf("list the assignments of %q: %w", configID, err)
	}
	buf = append(buf, ']')
	// Graph writes the link after the value.
	if next := skip + n; next < total {
		buf = append(buf, `,"@odata.nextLink":`...)
		buf = appendString(buf, nextLink(ctx, configID, next, top))
	}
	*body = append(buf, '}')
	return jsonBody{status: http.StatusOK, buf: body}, nil
}

// CreateAssignment implements POST .../assignments: the assignment is
// stored as sent, with a fresh GUID when it has no id, and returned.
func (s *Server) CreateAssignment(ctx context.Context, req gen.CreateAssignmentRequestObject) (gen.CreateAssignmentResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	if req.Body == nil {
		return gen.CreateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, "A request body is required.", "")}, nil
	}
	a := withDefaults(*req.Body, s.newID)
	err := s.store.Create(ctx, configID, a)
	switch {
	case errors.Is(err, ErrConfigurationNotFound):
		return gen.CreateAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case errors.Is(err, ErrAssignmentExists):
		// Graph answers a duplicate key with 400 or 409; 409 is not in the spec.
		msg := fmt.Sprintf("An enrollmentConfigurationAssignment with id '%s' already exists in deviceEnrollmentConfiguration '%s'.", *a.Id, configID)
		return gen.CreateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, msg, "id")}, nil
	case err != nil:
		return nil, fmt.Errorf("create an assignment of %q: %w", configID, err)
	}
	return assignmentBody(http.StatusCreated, a), nil
}

// GetAssignment implements GET .../assignments/{enrollmentConfigurationAssignmentId}.
func (s *Server) GetAssignment(ctx context.Context, req gen.GetAssignmentRequestObject) (gen.GetAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	a, err := s.store.Get(ctx, configID, id)
	switch {
	case errors.Is(err, ErrConfigurationNotFound), errors.Is(err, ErrAssignmentNotFound):
		return gen.GetAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("get assignment %q of %q: %w", id, configID, err)
	}
	return assignmentBody(http.StatusOK, a), nil
}

// UpdateAssignment implements PATCH .../assignments/{enrollmentConfigurationAssignmentId}:
// the properties in the body replace the stored ones, the others are kept,
// and the assignment after the change is returned.
func (s *Server) UpdateAssignment(ctx context.Context, req gen.UpdateAssignmentRequestObject) (gen.UpdateAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	if req.Body == nil {
		return gen.UpdateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, "A request body is required.", "")}, nil
	}
	change := *req.Body
	if change.Id != nil && *change.Id != id {
		msg := fmt.Sprintf("The id in the body ('%s') differs from the id in the path ('%s'); an assignment's id cannot change.", *change.Id, id)
		return gen.UpdateAssignment400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, msg, "id")}, nil
	}
	updated, err := s.store.Update(ctx, configID, id, func(a Assignment) (Assignment, error) {
		return applyUpdate(a, change), nil
	})
	switch {
	case errors.Is(err, ErrConfigurationNotFound), errors.Is(err, ErrAssignmentNotFound):
		return gen.UpdateAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("update assignment %q of %q: %w", id, configID, err)
	}
	return assignmentBody(http.StatusOK, updated), nil
}

// DeleteAssignment implements DELETE .../assignments/{enrollmentConfigurationAssignmentId}.
func (s *Server) DeleteAssignment(ctx context.Context, req gen.DeleteAssignmentRequestObject) (gen.DeleteAssignmentResponseObject, error) {
	configID, id := req.DeviceEnrollmentConfigurationId, req.EnrollmentConfigurationAssignmentId
	err := s.store.Delete(ctx, configID, id)
	switch {
	case errors.Is(err, ErrConfigurationNotFound), errors.Is(err, ErrAssignmentNotFound):
		return gen.DeleteAssignment404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, id)}, nil
	case err != nil:
		return nil, fmt.Errorf("delete assignment %q of %q: %w", id, configID, err)
	}
	return gen.DeleteAssignment204Response{}, nil
}

// Assign implements POST .../assign: the given list becomes the
// configuration's whole set of assignments at once. Every item is checked
// before anything changes; items without an id get a fresh GUID.
func (s *Server) Assign(ctx context.Context, req gen.AssignRequestObject) (gen.AssignResponseObject, error) {
	configID := req.DeviceEnrollmentConfigurationId
	if req.Body == nil {
		return gen.Assign400JSONResponse{BadRequestJSONResponse: s.badRequest(ctx, "A request body is required.", "")}, nil
	}
	items := req.Body.EnrollmentConfigurationAssignments
	all := make([]Assignment, len(items))
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
	case errors.Is(err, ErrConfigurationNotFound):
		return gen.Assign404JSONResponse{NotFoundJSONResponse: s.notFound(ctx, err, configID, "")}, nil
	case err != nil:
		return nil, fmt.Errorf("replace the assignments of %q: %w", configID, err)
	}
	return gen.Assign204Response{}, nil
}

// notFound is the 404 body for a missing configuration or assignment.
func (s *Server) notFound(ctx context.Context, err error, configID, id string) gen.NotFoundJSONResponse {
	msg := fmt.Sprintf("deviceEnrollmentConfiguration '%s' was not found.", configID)
	if errors.Is(err, ErrAssignmentNotFound) {
		msg = fmt.Sprintf("enrollmentConfigurationAssignment '%s' was not found in deviceEnrollmentConfiguration '%s'.", id, configID)
	}
	return gen.NotFoundJSONResponse(odataError(ctx, s.now(), graphcode.ResourceNotFound, msg, ""))
}

// badRequest is the 400 body for a request the spec allows but the
// service refuses.
func (s *Server) badRequest(ctx context.Context, msg, target string) gen.BadRequestJSONResponse {
	return gen.BadRequestJSONResponse(odataError(ctx, s.now(), graphcode.BadRequest, msg, target))
}
