package intake

import (
	"fmt"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestRequestSchemaJudgesAsTheSpec validates every request example of the
// spec, and bodies that break it, against each body schema as the spec
// writes it and as requestSchema merges it: the two must accept the same
// bodies and refuse the others with the same 400. The create schema
// must come out merged, with no allOf left to validate.
func TestRequestSchemaJudgesAsTheSpec(t *testing.T) {
	group := map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g"}
	bad := []any{
		map[string]any{},
		map[string]any{"id": "a"},
		map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget"}},
		map[string]any{"target": group, "color": "blue"},
		map[string]any{"target": nil},
		map[string]any{"target": group, "sourceId": nil, "@odata.context": "x"},
		map[string]any{"enrollmentConfigurationAssignments": []any{map[string]any{"id": "a"}}},
		map[string]any{"enrollmentConfigurationAssignments": []any{map[string]any{"target": group}, map[string]any{}}},
		[]any{},
	}
	merged := 0
	for _, op := range specdoc.Operations(specdoc.Embedded()) {
		if !op.HasRequestBody() {
			continue
		}
		for name, media := range op.RequestBody.Value.Content {
			spec := media.Schema.Value
			ours := requestSchema(media.Schema).Value
			if ours != spec {
				merged++
			}
			bodies := append([]any{}, bad...)
			for _, ex := range op.RequestExamples() {
				bodies = append(bodies, ex.Value)
			}
			for i, body := range bodies {
				want, got := judge(spec, body), judge(ours, body)
				if want != got {
					t.Errorf("%s %s body %d: the spec's schema says %s, the merged one %s", op.OperationID, name, i, want, got)
				}
			}
		}
	}
	create, _ := specdoc.OperationByID("createAssignment")
	if s := requestSchema(create.RequestBody.Value.Content.Get("application/json").Schema).Value; len(s.AllOf) > 0 || !slices.Contains(s.Required, "target") {
		t.Errorf("the create schema is not merged: allOf %d, required %v", len(s.AllOf), s.Required)
	}
	if merged == 0 {
		t.Error("no body schema was merged")
	}
}

// judge is what a client hears of body against schema: accepted, or the
// 400's message and target.
func judge(schema *openapi3.Schema, body any) string {
	err := schema.VisitJSON(body, openapi3.VisitAsRequest())
	if err == nil {
		return "accepted"
	}
	ae := schemaError(err)
	return fmt.Sprintf("%d %q (target %q)", ae.Status, ae.Message, ae.Target)
}
