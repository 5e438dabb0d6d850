package interop

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// specPath is the spec the emulator implements, from this module's folder.
const specPath = "../openapi/openapi.yaml"

// specFacts are what the tests take from the spec instead of stating it
// again.
type specFacts struct {
	readWriteScope string // the one scope createAssignment requires
	readOnlyScope  string // the scope listAssignments accepts that is not readWriteScope
	assignmentType string // the assignment's @odata.type with the leading '#', as Graph answers it
}

// spec holds the facts, read by TestMain before any test runs.
var spec specFacts

// loadSpecFacts reads the facts from the spec at path, and fails on one
// the spec does not state.
func loadSpecFacts(path string) (specFacts, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return specFacts{}, fmt.Errorf("load %s: %w", path, err)
	}
	f, err := factsOf(doc)
	if err != nil {
		return specFacts{}, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func factsOf(doc *openapi3.T) (specFacts, error) {
	write, err := scopesOf(doc, "createAssignment")
	if err != nil {
		return specFacts{}, err
	}
	if len(write) != 1 || len(write[0]) != 1 {
		return specFacts{}, fmt.Errorf("createAssignment requires %v, not one scope", write)
	}
	f := specFacts{readWriteScope: write[0][0]}
	read, err := scopesOf(doc, "listAssignments")
	if err != nil {
		return specFacts{}, err
	}
	for _, scope := range slices.Concat(read...) {
		if scope != f.readWriteScope {
			f.readOnlyScope = scope
			break
		}
	}
	if f.readOnlyScope == "" {
		return specFacts{}, errors.New("listAssignments has no read-only scope")
	}
	if doc.Components != nil {
		if s := doc.Components.Schemas["enrollmentConfigurationAssignment"]; s != nil && s.Value.Properties["@odata.type"] != nil {
			for _, v := range s.Value.Properties["@odata.type"].Value.Enum {
				if name, ok := v.(string); ok && strings.HasPrefix(name, "#") {
					f.assignmentType = name
				}
			}
		}
	}
	if f.assignmentType == "" {
		return specFacts{}, errors.New("enrollmentConfigurationAssignment's @odata.type has no value with a leading '#'")
	}
	return f, nil
}

// scopesOf is each alternative set of scopes that grants the operation:
// from its own security requirements, else the document's.
func scopesOf(doc *openapi3.T, operationID string) ([][]string, error) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != operationID {
				continue
			}
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			var out [][]string
			for _, requirement := range security {
				var all []string
				for _, scopes := range requirement {
					all = append(all, scopes...)
				}
				out = append(out, all)
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("no operation %s", operationID)
}
