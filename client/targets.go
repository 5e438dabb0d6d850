package client

import (
	"fmt"

	"github.com/specfirst/intune-assignments/gen"
)

// TargetOption adds to a target built by one of the target constructors;
// IncludeFilter and ExcludeFilter are the options there are.
type TargetOption func(*targetFilter)

// targetFilter is the assignment filter every target type can carry.
type targetFilter struct {
	id   *string
	kind *gen.DeviceAndAppManagementAssignmentFilterType
}

// IncludeFilter narrows a target to the devices that match the assignment
// filter filterID.
func IncludeFilter(filterID string) TargetOption {
	return withFilter(filterID, gen.FilterTypeInclude)
}

// ExcludeFilter leaves out of a target the devices that match the
// assignment filter filterID.
func ExcludeFilter(filterID string) TargetOption {
	return withFilter(filterID, gen.FilterTypeExclude)
}

func withFilter(filterID string, kind gen.DeviceAndAppManagementAssignmentFilterType) TargetOption {
	return func(f *targetFilter) {
		f.id, f.kind = &filterID, &kind
	}
}

func filterOf(opts []TargetOption) targetFilter {
	var f targetFilter
	for _, opt := range opts {
		if opt != nil {
			opt(&f)
		}
	}
	return f
}

// The constructors write @odata.type with the leading '#', as Graph and its
// SDKs do. The generated From* methods cannot set it themselves: the spec
// maps two names (with and without '#') to each target type.

// GroupTarget targets the members of the Entra ID group groupID.
func GroupTarget(groupID string, opts ...TargetOption) AssignmentTarget {
	f := filterOf(opts)
	return build((*gen.AssignmentTarget).FromGroupAssignmentTarget, gen.GroupAssignmentTarget{
		OdataType:                                gen.GroupAssignmentTargetOdataTypeHashed,
		GroupId:                                  groupID,
		DeviceAndAppManagementAssignmentFilterId: f.id,
		DeviceAndAppManagementAssignmentFilterType: f.kind,
	})
}

// ExclusionGroupTarget excludes the members of the Entra ID group groupID.
func ExclusionGroupTarget(groupID string, opts ...TargetOption) AssignmentTarget {
	f := filterOf(opts)
	return build((*gen.AssignmentTarget).FromExclusionGroupAssignmentTarget, gen.ExclusionGroupAssignmentTarget{
		OdataType:                                gen.ExclusionGroupAssignmentTargetOdataTypeHashed,
		GroupId:                                  groupID,
		DeviceAndAppManagementAssignmentFilterId: f.id,
		DeviceAndAppManagementAssignmentFilterType: f.kind,
	})
}

// AllDevicesTarget targets all managed devices of the tenant.
func AllDevicesTarget(opts ...TargetOption) AssignmentTarget {
	f := filterOf(opts)
	return build((*gen.AssignmentTarget).FromAllDevicesAssignmentTarget, gen.AllDevicesAssignmentTarget{
		OdataType:                                  gen.AllDevicesAssignmentTargetOdataTypeHashed,
		DeviceAndAppManagementAssignmentFilterId:   f.id,
		DeviceAndAppManagementAssignmentFilterType: f.kind,
	})
}

// AllLicensedUsersTarget targets all licensed users of the tenant.
func AllLicensedUsersTarget(opts ...TargetOption) AssignmentTarget {
	f := filterOf(opts)
	return build((*gen.AssignmentTarget).FromAllLicensedUsersAssignmentTarget, gen.AllLicensedUsersAssignmentTarget{
		OdataType:                                  gen.AllLicensedUsersAssignmentTargetOdataTypeHashed,
		DeviceAndAppManagementAssignmentFilterId:   f.id,
		DeviceAndAppManagementAssignmentFilterType: f.kind,
	})
}

// ConfigurationManagerCollectionTarget targets the Configuration Manager
// collection collectionID.
func ConfigurationManagerCollectionTarget(collectionID string, opts ...TargetOption) AssignmentTarget {
	f := filterOf(opts)
	return build((*gen.AssignmentTarget).FromConfigurationManagerCollectionAssignmentTarget, gen.ConfigurationManagerCollectionAssignmentTarget{
		OdataType:                                gen.ConfigurationManagerCollectionAssignmentTargetOdataTypeHashed,
		CollectionId:                             collectionID,
		DeviceAndAppManagementAssignmentFilterId: f.id,
		DeviceAndAppManagementAssignmentFilterType: f.kind,
	})
}

// build stores v in a new target through the generated From method. Those
// fail only when encoding/json does, which it cannot for these structs of
// strings; and a target left empty would still be refused, with
// ErrInvalidInput, before any request is sent.
func build[V any](from func(*gen.AssignmentTarget, V) error, v V) AssignmentTarget {
	var t AssignmentTarget
	_ = from(&t, v)
	return t
}

// TargetOf returns the concrete target inside t, for a type switch: a
// gen.GroupAssignmentTarget, gen.ExclusionGroupAssignmentTarget,
// gen.AllDevicesAssignmentTarget, gen.AllLicensedUsersAssignmentTarget,
// gen.ConfigurationManagerCollectionAssignmentTarget or
// gen.DeviceAndAppManagementAssignmentTarget (the base type), as a value. It
// reads @odata.type with or without the leading '#'. A target of a type the
// spec does not know returns an error wrapping ErrUnknownTarget, and so does
// the zero target of an assignment read without one (a $select that leaves
// target out).
//
//	target, err := client.TargetOf(a.Target)
//	if err != nil {
//		return err
//	}
//	switch t := target.(type) {
//	case gen.GroupAssignmentTarget:
//		fmt.Println("group", t.GroupId)
//	case gen.AllDevicesAssignmentTarget:
//		fmt.Println("all devices")
//	}
func TargetOf(t AssignmentTarget) (any, error) {
	if raw, err := t.MarshalJSON(); err == nil && string(raw) == "null" {
		return nil, fmt.Errorf("%w: the assignment has no target", ErrUnknownTarget)
	}
	v, err := t.ValueByDiscriminator()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnknownTarget, err)
	}
	return v, nil
}
