package contract

import (
	"reflect"

	"github.com/specfirst/intune-assignments/gen"
)

// GoTypes maps each component schema that a request or response body uses
// to the generated Go type that carries it.
var GoTypes = map[string]reflect.Type{
	"enrollmentConfigurationAssignment":                   reflect.TypeFor[gen.EnrollmentConfigurationAssignment](),
	"enrollmentConfigurationAssignmentUpdate":             reflect.TypeFor[gen.EnrollmentConfigurationAssignmentUpdate](),
	"enrollmentConfigurationAssignmentCollectionResponse": reflect.TypeFor[gen.EnrollmentConfigurationAssignmentCollectionResponse](),
	"assignRequest": reflect.TypeFor[gen.AssignRequest](),
	"odataError":    reflect.TypeFor[gen.OdataError](),
}
