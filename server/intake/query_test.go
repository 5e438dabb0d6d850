package intake

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestPlainPathString: the spec's two path parameters are plain strings,
// whose every non-empty value kin-openapi accepts; its query parameters,
// and path parameters that ask for more, are left to kin-openapi.
func TestPlainPathString(t *testing.T) {
	doc := specdoc.Embedded()
	for name, want := range map[string]bool{
		"deviceEnrollmentConfigurationId": true, "enrollmentConfigurationAssignmentId": true,
		"top": false, "skip": false, "select": false, "filter": false,
	} {
		p := doc.Components.Parameters[name]
		if p == nil {
			t.Fatalf("the spec has no parameter %q", name)
		}
		if got := plainPathString(p.Value); got != want {
			t.Errorf("plainPathString(%s) = %v, want %v", name, got, want)
		}
	}
	str := func(s openapi3.Schema) *openapi3.Parameter {
		s.Type = &openapi3.Types{openapi3.TypeString}
		return &openapi3.Parameter{Name: "id", In: openapi3.ParameterInPath, Required: true, Schema: openapi3.NewSchemaRef("", &s)}
	}
	for name, p := range map[string]*openapi3.Parameter{
		"a pattern":    str(openapi3.Schema{Pattern: "^[a-z]+$"}),
		"a format":     str(openapi3.Schema{Format: "uuid"}),
		"minLength 2":  str(openapi3.Schema{MinLength: 2}),
		"a maxLength":  str(openapi3.Schema{MaxLength: openapi3.Ptr(uint64(5))}),
		"an enum":      str(openapi3.Schema{Enum: []any{"a"}}),
		"in the query": {Name: "id", In: openapi3.ParameterInQuery, Schema: str(openapi3.Schema{}).Schema},
		"an integer":   {Name: "id", In: openapi3.ParameterInPath, Schema: openapi3.NewIntegerSchema().NewRef()},
		"content":      {Name: "id", In: openapi3.ParameterInPath, Content: openapi3.NewContentWithJSONSchema(openapi3.NewStringSchema())},
		"no schema":    {Name: "id", In: openapi3.ParameterInPath},
	} {
		if plainPathString(p) {
			t.Errorf("a path parameter with %s is plain", name)
		}
	}
	if !plainPathString(str(openapi3.Schema{Description: "said, not checked"})) {
		t.Error("a described string is not plain")
	}
}
