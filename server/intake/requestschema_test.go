package intake

import (
	"encoding/json"
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
			ours := newBodySchema(media.Schema)
			if ours.schema != spec {
				merged++
			}
			bodies := append([]any{}, bad...)
			for _, ex := range op.RequestExamples() {
				bodies = append(bodies, ex.Value)
			}
			for i, body := range bodies {
				want, got := judge(spec.VisitJSON(body, openapi3.VisitAsRequest())), judge(ours.validate(body))
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

// judge is what a client hears of a validation's outcome: accepted, or
// the 400's message and target.
func judge(err error) string {
	if err == nil {
		return "accepted"
	}
	ae := schemaError(err)
	return fmt.Sprintf("%d %q (target %q)", ae.Status, ae.Message, ae.Target)
}

// TestBodySchemaValidatesAsARequest holds newBodySchema's shortcut to
// kin-openapi's own request mode: where a schema has a readOnly or
// writeOnly property at any depth, a body is judged as VisitAsRequest
// judges it (a readOnly property refused, a required readOnly one not
// required); where it has none, both modes judge alike.
func TestBodySchemaValidatesAsARequest(t *testing.T) {
	ro := `{"type":"string","readOnly":true}`
	wo := `{"type":"string","writeOnly":true}`
	obj := func(props string, required ...string) string {
		req, _ := json.Marshal(append([]string{}, required...))
		return `{"type":"object","properties":{` + props + `},"required":` + string(req) + `}`
	}
	tests := []struct {
		name     string
		schema   string
		asReq    bool
		accepted []string
		refused  []string
	}{
		{"plain", obj(`"a":{"type":"string"}`, "a"), false, []string{`{"a":"x"}`}, []string{`{}`, `{"a":1}`}},
		{"readOnly property", obj(`"id":` + ro + `,"a":{"type":"string"}`), true, []string{`{"a":"x"}`}, []string{`{"id":"x"}`}},
		{"required readOnly", obj(`"id":`+ro, "id"), true, []string{`{}`}, []string{`{"id":"x"}`}},
		{"writeOnly property", obj(`"secret":` + wo), true, []string{`{"secret":"x"}`}, nil},
		{"readOnly in a oneOf branch", `{"oneOf":[` + obj(`"k":{"type":"string","enum":["a"]},"id":`+ro, "k") + `,` + obj(`"k":{"type":"string","enum":["b"]}`, "k") + `]}`, true,
			[]string{`{"k":"a"}`, `{"k":"b"}`}, []string{`{"k":"a","id":"x"}`}},
		{"readOnly in array items", `{"type":"array","items":` + obj(`"id":`+ro) + `}`, true, []string{`[{}]`}, []string{`[{"id":"x"}]`}},
		{"readOnly in additionalProperties", `{"type":"object","additionalProperties":` + obj(`"id":`+ro) + `}`, true, []string{`{"m":{}}`}, []string{`{"m":{"id":"x"}}`}},
		{"readOnly under allOf and not", `{"allOf":[{"not":` + obj(`"id":`+ro, "id") + `}]}`, true, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s openapi3.Schema
			if err := json.Unmarshal([]byte(tt.schema), &s); err != nil {
				t.Fatal(err)
			}
			ref := &openapi3.SchemaRef{Value: &s}
			b := newBodySchema(ref)
			if got := len(b.opts) > 0; got != tt.asReq {
				t.Fatalf("validates as a request: %v, want %v", got, tt.asReq)
			}
			check := func(body string, accept bool) {
				var v any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Fatal(err)
				}
				want := judge(s.VisitJSON(v, openapi3.VisitAsRequest()))
				if got := judge(b.validate(v)); got != want {
					t.Errorf("%s: %s, kin-openapi's request mode says %s", body, got, want)
				}
				if (want == "accepted") != accept {
					t.Errorf("%s: kin-openapi's request mode says %s", body, want)
				}
			}
			for _, body := range tt.accepted {
				check(body, true)
			}
			for _, body := range tt.refused {
				check(body, false)
			}
		})
	}
}
