package interop

import (
	"fmt"
	"strings"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// targetKind is one of the six target types, as the SDK models it.
type targetKind struct {
	name      string // the test's name for it
	odataType string // canonical, as Graph answers it: "#microsoft.graph.X"
	keyed     bool   // has a groupId or collectionId
	// build returns a new SDK model of the kind, its key (groupId or
	// collectionId) set to id when it has one.
	build func(id string) models.DeviceAndAppManagementAssignmentTargetable
}

// The SDK's constructors set @odata.type to the canonical name, except the
// base type's, which sets none.
var (
	baseTarget = targetKind{"deviceAndAppManagementAssignmentTarget", "#microsoft.graph.deviceAndAppManagementAssignmentTarget", false,
		func(string) models.DeviceAndAppManagementAssignmentTargetable {
			t := models.NewDeviceAndAppManagementAssignmentTarget()
			t.SetOdataType(ptr("#microsoft.graph.deviceAndAppManagementAssignmentTarget"))
			return t
		}}
	allDevices = targetKind{"allDevicesAssignmentTarget", "#microsoft.graph.allDevicesAssignmentTarget", false,
		func(string) models.DeviceAndAppManagementAssignmentTargetable {
			return models.NewAllDevicesAssignmentTarget()
		}}
	allLicensedUsers = targetKind{"allLicensedUsersAssignmentTarget", "#microsoft.graph.allLicensedUsersAssignmentTarget", false,
		func(string) models.DeviceAndAppManagementAssignmentTargetable {
			return models.NewAllLicensedUsersAssignmentTarget()
		}}
	group = targetKind{"groupAssignmentTarget", "#microsoft.graph.groupAssignmentTarget", true,
		func(id string) models.DeviceAndAppManagementAssignmentTargetable {
			t := models.NewGroupAssignmentTarget()
			t.SetGroupId(ptr(id))
			return t
		}}
	exclusionGroup = targetKind{"exclusionGroupAssignmentTarget", "#microsoft.graph.exclusionGroupAssignmentTarget", true,
		func(id string) models.DeviceAndAppManagementAssignmentTargetable {
			t := models.NewExclusionGroupAssignmentTarget()
			t.SetGroupId(ptr(id))
			return t
		}}
	configurationManagerCollection = targetKind{"configurationManagerCollectionAssignmentTarget", "#microsoft.graph.configurationManagerCollectionAssignmentTarget", true,
		func(id string) models.DeviceAndAppManagementAssignmentTargetable {
			t := models.NewConfigurationManagerCollectionAssignmentTarget()
			t.SetCollectionId(ptr(id))
			return t
		}}
)

var targetKinds = []targetKind{baseTarget, allDevices, allLicensedUsers, group, exclusionGroup, configurationManagerCollection}

// bareName returns a target of kind k whose @odata.type is spelled
// without the '#', as Graph's method pages write it; the SDK itself always
// sends the '#'.
func bareName(k targetKind, id string) models.DeviceAndAppManagementAssignmentTargetable {
	t := k.build(id)
	t.SetOdataType(ptr(strings.TrimPrefix(k.odataType, "#")))
	return t
}

// describeTarget names the SDK type a target was decoded into and its
// key. It switches on the concrete types: the SDK's interfaces cannot tell
// the kinds apart, as AllDevicesAssignmentTargetable has no method that
// DeviceAndAppManagementAssignmentTargetable lacks, nor
// ExclusionGroupAssignmentTargetable one that GroupAssignmentTargetable
// lacks.
func describeTarget(t models.DeviceAndAppManagementAssignmentTargetable) (kind targetKind, key string) {
	switch t := t.(type) {
	case *models.ExclusionGroupAssignmentTarget:
		return exclusionGroup, deref(t.GetGroupId())
	case *models.GroupAssignmentTarget:
		return group, deref(t.GetGroupId())
	case *models.ConfigurationManagerCollectionAssignmentTarget:
		return configurationManagerCollection, deref(t.GetCollectionId())
	case *models.AllDevicesAssignmentTarget:
		return allDevices, ""
	case *models.AllLicensedUsersAssignmentTarget:
		return allLicensedUsers, ""
	case *models.DeviceAndAppManagementAssignmentTarget:
		return baseTarget, ""
	}
	panic(fmt.Sprintf("unexpected target type %T", t))
}

// checkTarget fails t unless got was decoded into the SDK type of want,
// with the canonical @odata.type and key.
func checkTarget(t *testing.T, what string, got models.DeviceAndAppManagementAssignmentTargetable, want targetKind, key string) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no target", what)
		return
	}
	kind, gotKey := describeTarget(got)
	if kind.name != want.name || gotKey != key || deref(got.GetOdataType()) != want.odataType {
		t.Errorf("%s: target decoded as %T with @odata.type %q and key %q (additionalData %s); want %s with @odata.type %q and key %q",
			what, got, deref(got.GetOdataType()), gotKey, fmtAdditionalData(got.GetAdditionalData()), want.name, want.odataType, key)
	}
}

// targetString is a target's kind and key, to compare sets of assignments.
func targetString(t models.DeviceAndAppManagementAssignmentTargetable) string {
	if t == nil {
		return "<no target>"
	}
	kind, key := describeTarget(t)
	return kind.name + "(" + key + ")"
}
