package client

import (
	"context"
	"fmt"

	"github.com/specfirst/intune-assignments/gen"
)

// CreateAssignment implements createAssignment, POST
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments:
// it creates an assignment of the configuration and returns it as stored,
// with the id the service gave it when a.Id is nil.
func (c *Client) CreateAssignment(ctx context.Context, configID string, a Assignment) (*Assignment, error) {
	if err := c.ops.create.check(a, configID); err != nil {
		return nil, err
	}
	rsp, err := c.ops.create.result(c.api.CreateAssignmentWithResponse(ctx, configID, a))
	if err != nil {
		return nil, err
	}
	return rsp.JSON201, nil
}

// GetAssignment implements getAssignment, GET
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments/{assignmentID}.
// opts is optional: at most one GetOptions, whose Select asks for some of
// the assignment's properties only.
func (c *Client) GetAssignment(ctx context.Context, configID, assignmentID string, opts ...GetOptions) (*Assignment, error) {
	op := c.ops.get
	if err := op.check(nil, configID, assignmentID); err != nil {
		return nil, err
	}
	params := &gen.GetAssignmentParams{}
	switch len(opts) {
	case 0:
	case 1:
		if err := op.query(opts[0], params); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s: %w: %d GetOptions given, want at most one", op.id, ErrInvalidInput, len(opts))
	}
	rsp, err := op.result(c.api.GetAssignmentWithResponse(ctx, configID, assignmentID, params, odataQuery))
	if err != nil {
		return nil, err
	}
	return rsp.JSON200, nil
}

// UpdateAssignment implements updateAssignment, PATCH
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments/{assignmentID}:
// it changes the properties that are set in update, a target replacing the
// whole target, and returns the assignment after the update.
func (c *Client) UpdateAssignment(ctx context.Context, configID, assignmentID string, update AssignmentUpdate) (*Assignment, error) {
	if err := c.ops.update.check(update, configID, assignmentID); err != nil {
		return nil, err
	}
	rsp, err := c.ops.update.result(c.api.UpdateAssignmentWithResponse(ctx, configID, assignmentID, update))
	if err != nil {
		return nil, err
	}
	return rsp.JSON200, nil
}

// DeleteAssignment implements deleteAssignment, DELETE
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments/{assignmentID}.
func (c *Client) DeleteAssignment(ctx context.Context, configID, assignmentID string) error {
	if err := c.ops.delete.check(nil, configID, assignmentID); err != nil {
		return err
	}
	_, err := c.ops.delete.result(c.api.DeleteAssignmentWithResponse(ctx, configID, assignmentID))
	return err
}

// Assign implements assign, POST
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assign: it
// replaces the whole set of the configuration's assignments with
// assignments. An empty or nil list removes every assignment. The spec's
// assignQualified, POST .../microsoft.graph.assign, is the same action under
// its namespace-qualified name; the client calls .../assign.
func (c *Client) Assign(ctx context.Context, configID string, assignments []Assignment) error {
	if assignments == nil {
		assignments = []Assignment{} // the spec wants an array, not null
	}
	body := gen.AssignRequest{EnrollmentConfigurationAssignments: assignments}
	if err := c.ops.assign.check(body, configID); err != nil {
		return err
	}
	_, err := c.ops.assign.result(c.api.AssignWithResponse(ctx, configID, body))
	return err
}
