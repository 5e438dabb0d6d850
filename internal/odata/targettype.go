package odata

import "strings"

// targetType is one of the assignment target types of Graph's model, with
// the index of the type it derives from (-1 for the root), which isof needs.
type targetType struct {
	name string // qualified, without '#'
	base int
}

// targetTypes is the target type hierarchy: every type derives from
// deviceAndAppManagementAssignmentTarget, and exclusionGroupAssignmentTarget
// from groupAssignmentTarget.
var targetTypes = [...]targetType{
	{name: "microsoft.graph.deviceAndAppManagementAssignmentTarget", base: -1},
	{name: "microsoft.graph.allDevicesAssignmentTarget", base: 0},
	{name: "microsoft.graph.allLicensedUsersAssignmentTarget", base: 0},
	{name: "microsoft.graph.groupAssignmentTarget", base: 0},
	{name: "microsoft.graph.exclusionGroupAssignmentTarget", base: 3},
	{name: "microsoft.graph.configurationManagerCollectionAssignmentTarget", base: 0},
}

// targetTypeList is the list that an unknown-type message offers instead.
var targetTypeList = func() string {
	names := make([]string, len(targetTypes))
	for i, t := range targetTypes {
		names[i] = t.name
	}
	return strings.Join(names, ", ")
}()

// lookupTargetType finds a type name as a query writes it: qualified,
// with or without the '#' of an @odata.type value. Type names are matched
// exactly, as OData's qualified names are case-sensitive.
func lookupTargetType(name string) (int, bool) {
	name = strings.TrimPrefix(name, "#")
	for i, t := range targetTypes {
		if name == t.name {
			return i, true
		}
	}
	return -1, false
}

// unknownTargetType is the error for a type name lookupTargetType refuses.
func unknownTargetType(option string, off int, name string) *SyntaxError {
	return errAt(option, off, "unknown type %s; use one of: %s (with or without a leading '#')", show(name), targetTypeList)
}

// isOf tells whether the type named actual is want or derives from it. A
// type the package does not know is only of its own type, as nothing is
// known of its bases; no type ("") is of none, as isof(null, T) is false.
func isOf(actual string, want int) bool {
	actual = strings.TrimPrefix(actual, "#")
	if actual == "" {
		return false
	}
	i, ok := lookupTargetType(actual)
	if !ok {
		return actual == targetTypes[want].name
	}
	for ; i >= 0; i = targetTypes[i].base {
		if i == want {
			return true
		}
	}
	return false
}
