package client

import "github.com/specfirst/intune-assignments/gen"

// Assignment is an enrollmentConfigurationAssignment: the assignment of a
// device enrollment configuration to a target. It is the generated type, so
// values move freely between this package and package gen.
type Assignment = gen.EnrollmentConfigurationAssignment

// AssignmentUpdate holds the properties of an assignment to change in
// UpdateAssignment; nil fields keep their stored values.
type AssignmentUpdate = gen.EnrollmentConfigurationAssignmentUpdate

// AssignmentTarget is the polymorphic target of an assignment. Build one
// with GroupTarget, ExclusionGroupTarget, AllDevicesTarget,
// AllLicensedUsersTarget or ConfigurationManagerCollectionTarget, and read one
// with TargetOf.
type AssignmentTarget = gen.AssignmentTarget

// AssignmentPage is one page of ListAssignmentsPage: its assignments, when
// more remain the @odata.nextLink of the next page, and with
// ListOptions.Count the number of assignments in the whole result
// (OdataCount, @odata.count).
type AssignmentPage = gen.EnrollmentConfigurationAssignmentCollectionResponse

// ListOptions are the query options of listAssignments. The zero value asks
// for every assignment, with all its properties, in the order they were
// created, in pages of the service's default size.
type ListOptions struct {
	// Top is the largest number of assignments in one page, 1 to 999; 0
	// leaves the page size to the service. Sent as $top.
	Top int
	// Skip is the number of assignments to skip from the start of the
	// result; 0 skips none. Sent as $skip.
	Skip int
	// Select lists the properties each assignment carries: "id", "target",
	// "source", "sourceId", or "*" for all; nil or empty returns them all.
	// Sent as $select, comma-separated. A property left out is nil in the
	// result (Target: the zero AssignmentTarget, see TargetOf).
	Select []string
	// Filter keeps the assignments for which the OData expression is true,
	// such as "isof(target, 'microsoft.graph.groupAssignmentTarget')" or
	// "source eq 'policySets'"; "" keeps all. Sent as $filter.
	Filter string
	// OrderBy sorts the result: each item a property of Filter's, optionally
	// followed by " asc" (the default) or " desc", such as "id desc"; nil
	// keeps the order of creation. Sent as $orderby, comma-separated.
	OrderBy []string
	// Count asks for the number of assignments in the whole result, all
	// pages, in each page's OdataCount. Sent as $count=true.
	Count bool
}

// GetOptions are the query options of getAssignment.
type GetOptions struct {
	// Select lists the properties the assignment carries, as in
	// ListOptions.Select; nil or empty returns them all. Sent as $select.
	Select []string
}

// CountOptions are the query options of countAssignments.
type CountOptions struct {
	// Filter counts only the assignments for which the OData expression is
	// true, as in ListOptions.Filter; "" counts all. Sent as $filter.
	Filter string
}
