package specdoc

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// The facts below are read from the embedded spec, so that code and tests
// state none of them a second time: a change to the spec changes them.

// Embedded is the spec compiled into the binary (see Load), loaded once.
// It panics if the spec does not load: every binary and test of the module
// is built from a spec that `make test` has loaded.
var Embedded = sync.OnceValue(func() *openapi3.T {
	doc, err := Load(context.Background())
	if err != nil {
		panic(fmt.Sprintf("the embedded openapi.yaml does not load: %v", err))
	}
	return doc
})

// OperationByID is the embedded spec's operation with that operationId.
func OperationByID(id string) (Operation, bool) {
	for _, op := range Operations(Embedded()) {
		if op.OperationID == id {
			return op, true
		}
	}
	return Operation{}, false
}

// mustOperation is OperationByID for the operations the code is written
// against; a spec without one is a programming error.
func mustOperation(id string) Operation {
	op, ok := OperationByID(id)
	if !ok {
		panic("the spec has no operation " + id)
	}
	return op
}

// MaxTop is the largest $top the spec allows.
func MaxTop() int {
	p := Embedded().Components.Parameters["top"]
	if p == nil || p.Value.Schema == nil || p.Value.Schema.Value.Max == nil {
		panic("the spec's top parameter has no maximum")
	}
	return int(*p.Value.Schema.Value.Max)
}

// WriteScope is the permission the writes require: the one scope of
// createAssignment's security requirement.
func WriteScope() string {
	scopes := mustOperation("createAssignment").Scopes()
	if len(scopes) != 1 || len(scopes[0]) != 1 {
		panic(fmt.Sprintf("createAssignment requires %v, not one scope", scopes))
	}
	return scopes[0][0]
}

// ReadScope is the permission that grants reads only: the scope of
// listAssignments' requirements that is not WriteScope.
func ReadScope() string {
	write := WriteScope()
	for _, alternative := range mustOperation("listAssignments").Scopes() {
		for _, scope := range alternative {
			if scope != write {
				return scope
			}
		}
	}
	panic("listAssignments has no read-only scope")
}

// Scopes are the alternative sets of scopes that grant the operation: its
// own security requirements, else the document's.
func (o Operation) Scopes() [][]string {
	security := o.doc.Security
	if o.Security != nil {
		security = *o.Security
	}
	var out [][]string
	for _, req := range security {
		var all []string
		for _, scopes := range req {
			all = append(all, scopes...)
		}
		out = append(out, all)
	}
	return out
}

// AssignmentsPath is the path of a configuration's assignments, relative to
// the version root, with configID escaped as a path segment.
func AssignmentsPath(configID string) string {
	return strings.Replace(assignmentsTemplate(), configParam, url.PathEscape(configID), 1)
}

// AssignPath is the path of a configuration's assign action, relative to
// the version root.
func AssignPath(configID string) string {
	return strings.Replace(assignTemplate(), configParam, url.PathEscape(configID), 1)
}

const configParam = "{deviceEnrollmentConfigurationId}"

// ExampleConfigID is the configuration of the spec's examples: the example
// of the deviceEnrollmentConfigurationId parameter, one of the emulator's
// built-in configurations.
func ExampleConfigID() string {
	p := Embedded().Components.Parameters["deviceEnrollmentConfigurationId"]
	if p == nil || p.Value.Example == nil {
		panic("the spec's deviceEnrollmentConfigurationId parameter has no example")
	}
	return fmt.Sprint(p.Value.Example)
}

// The templates are read once: a list reads AssignmentsPath for each page's
// @odata.nextLink.
var (
	assignmentsTemplate = sync.OnceValue(func() string { return mustOperation("listAssignments").Path })
	assignTemplate      = sync.OnceValue(func() string { return mustOperation("assign").Path })
)
