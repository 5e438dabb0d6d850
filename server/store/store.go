package store

import (
	"context"
	"errors"

	"github.com/specfirst/intune-assignments/gen"
)

// Assignment is an enrollmentConfigurationAssignment as the API reads and
// writes it.
type Assignment = gen.EnrollmentConfigurationAssignment

// The errors a Store reports for conditions the API answers with a 4xx or
// a 503. Any other error is unexpected and becomes a 500.
var (
	// ErrConfigurationNotFound means the deviceEnrollmentConfiguration is not known.
	ErrConfigurationNotFound = errors.New("device enrollment configuration not found")
	// ErrAssignmentNotFound means the configuration has no assignment with that id.
	ErrAssignmentNotFound = errors.New("assignment not found")
	// ErrAssignmentExists means the configuration already has an assignment with that id.
	ErrAssignmentExists = errors.New("assignment already exists")
	// ErrUnavailable means the store cannot serve for now, and the call may
	// succeed if retried later: the API answers 503 with Retry-After.
	// Wrap it to say why.
	ErrUnavailable = errors.New("store temporarily unavailable")
)

// Store keeps the assignments of the known device enrollment configurations,
// each configuration's in the order they were created. Every method answers
// ErrConfigurationNotFound for an unknown configuration. Implementations must
// be safe for concurrent use and must not share memory with their callers:
// what goes in and what comes out are copies.
type Store interface {
	// List returns at most top assignments of the configuration after
	// skipping skip of them, and how many it has in all.
	List(ctx context.Context, configID string, skip, top int) (page []Assignment, total int, err error)
	// Get returns one assignment, or ErrAssignmentNotFound.
	Get(ctx context.Context, configID, id string) (Assignment, error)
	// Create appends an assignment, whose Id must be set; ErrAssignmentExists
	// if the configuration already has that id.
	Create(ctx context.Context, configID string, a Assignment) error
	// Update replaces an assignment by change(current), atomically: nothing
	// else touches the assignment between the read and the write. An error
	// from change is returned as is and nothing is stored. change must keep
	// the Id.
	Update(ctx context.Context, configID, id string, change func(Assignment) (Assignment, error)) (Assignment, error)
	// Delete removes an assignment, or answers ErrAssignmentNotFound.
	Delete(ctx context.Context, configID, id string) error
	// Replace makes all, in its order, the configuration's whole set of
	// assignments, atomically. Every Id must be set and unique
	// (ErrAssignmentExists otherwise, and nothing changes).
	Replace(ctx context.Context, configID string, all []Assignment) error
}
