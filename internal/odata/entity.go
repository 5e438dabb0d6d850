package odata

import (
	"strconv"
	"strings"
)

// Entity is what a filter is matched, and an order compared, against: one
// enrollmentConfigurationAssignment, seen through the caller's own record.
type Entity interface {
	// Value returns the property p and whether it is set; false stands for
	// null or absent. It is asked for every Property except PropTargetType,
	// which the package answers from TargetType. For the enumerations
	// (PropSource, PropFilterType) the caller supplies the effective value,
	// e.g. "direct" and "none" where the record leaves them out, since only
	// the caller knows its defaults.
	Value(p Property) (string, bool)
	// TargetType is the target's type name, e.g.
	// "microsoft.graph.groupAssignmentTarget", or "" when the entity has no
	// target. A leading '#' is ignored, so a record may hand over the
	// @odata.type it stores.
	TargetType() string
}

// Property is a property that $filter and $orderby can refer to.
type Property int

const (
	PropID           Property = iota + 1 // id
	PropSource                           // source
	PropSourceID                         // sourceId
	PropGroupID                          // target/groupId
	PropCollectionID                     // target/collectionId
	PropFilterType                       // target/deviceAndAppManagementAssignmentFilterType
	PropFilterID                         // target/deviceAndAppManagementAssignmentFilterId
	PropTargetType                       // target/@odata.type
)

const propEnd = PropTargetType + 1

// propertyPaths are the canonical paths, in the order the messages list them.
var propertyPaths = [propEnd]string{
	PropID:           "id",
	PropSource:       "source",
	PropSourceID:     "sourceId",
	PropGroupID:      "target/groupId",
	PropCollectionID: "target/collectionId",
	PropFilterType:   "target/deviceAndAppManagementAssignmentFilterType",
	PropFilterID:     "target/deviceAndAppManagementAssignmentFilterId",
	PropTargetType:   "target/@odata.type",
}

// String returns the property's canonical path, e.g. "target/groupId".
func (p Property) String() string {
	if p <= 0 || p >= propEnd {
		return "Property(" + strconv.Itoa(int(p)) + ")"
	}
	return propertyPaths[p]
}

// propertyList is the list of property paths that an unsupported-property
// message offers instead.
var propertyList = strings.Join(propertyPaths[1:], ", ")

// lookupProperty finds the property a path names, ignoring case.
func lookupProperty(path string) (Property, bool) {
	for p := PropID; p < propEnd; p++ {
		if strings.EqualFold(path, propertyPaths[p]) {
			return p, true
		}
	}
	return 0, false
}

// unsupportedProperty is the error for a path that names none of the
// properties, in the option that used it.
func unsupportedProperty(option string, off int, path string) *SyntaxError {
	return errAt(option, off, "property %s is not supported in %s; use one of: %s", show(path), option, propertyList)
}

// enumValues are the members of the enumerations behind the enum-valued
// properties, as Graph spells them; a literal compared with one of these
// properties must be one of them.
var enumValues = [propEnd][]string{
	PropSource:     {"direct", "policySets"},
	PropFilterType: {"none", "include", "exclude"},
}

// value is p's value in e, answering PropTargetType from TargetType.
func value(e Entity, p Property) (string, bool) {
	if p == PropTargetType {
		t := strings.TrimPrefix(e.TargetType(), "#")
		return t, t != ""
	}
	return e.Value(p)
}
