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

// AssignmentPage is one page of ListAssignmentsPage: its assignments and, when
// more remain, the @odata.nextLink of the next page.
type AssignmentPage = gen.EnrollmentConfigurationAssignmentCollectionResponse

// ListOptions are the query options of listAssignments. The zero value asks
// for the service's default page size from the first assignment.
type ListOptions struct {
	// Top is the largest number of assignments in one page, 1 to 999; 0
	// leaves the page size to the service.
	Top int
	// Skip is the number of assignments to skip from the start of the list;
	// 0 skips none.
	Skip int
}
