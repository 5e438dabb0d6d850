package contract

import (
	"reflect"

	"github.com/specfirst/intune-assignments/gen"
)

// GoTypes maps component schemas to the generated Go types that carry them:
// each schema that a request or response body uses, and each variant of the
// target union (the schemas its discriminator mapping points at).
var GoTypes = map[string]reflect.Type{
	"enrollmentConfigurationAssignment":                   reflect.TypeFor[gen.EnrollmentConfigurationAssignment](),
	"newEnrollmentConfigurationAssignment":                reflect.TypeFor[gen.NewEnrollmentConfigurationAssignment](),
	"enrollmentConfigurationAssignmentUpdate":             reflect.TypeFor[gen.EnrollmentConfigurationAssignmentUpdate](),
	"enrollmentConfigurationAssignmentCollectionResponse": reflect.TypeFor[gen.EnrollmentConfigurationAssignmentCollectionResponse](),
	"assignRequest":        reflect.TypeFor[gen.AssignRequest](),
	"odataError":           reflect.TypeFor[gen.OdataError](),
	"batchRequestContent":  reflect.TypeFor[gen.BatchRequestContent](),
	"batchResponseContent": reflect.TypeFor[gen.BatchResponseContent](),

	"deviceAndAppManagementAssignmentTarget":         reflect.TypeFor[gen.DeviceAndAppManagementAssignmentTarget](),
	"allDevicesAssignmentTarget":                     reflect.TypeFor[gen.AllDevicesAssignmentTarget](),
	"allLicensedUsersAssignmentTarget":               reflect.TypeFor[gen.AllLicensedUsersAssignmentTarget](),
	"groupAssignmentTarget":                          reflect.TypeFor[gen.GroupAssignmentTarget](),
	"exclusionGroupAssignmentTarget":                 reflect.TypeFor[gen.ExclusionGroupAssignmentTarget](),
	"configurationManagerCollectionAssignmentTarget": reflect.TypeFor[gen.ConfigurationManagerCollectionAssignmentTarget](),
}
