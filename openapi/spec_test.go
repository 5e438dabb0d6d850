package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIVersion keeps the document at OpenAPI 3.0.3. That it loads and
// validates, examples against their schemas included, loadSpec checks for
// every test (specdoc.Load).
func TestOpenAPIVersion(t *testing.T) {
	if doc := loadSpec(t); doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3 (the version the most tools read)", doc.OpenAPI)
	}
}

// TestEveryBodyHasExamples requires a named example for every request body
// and for every documented response that has a body.
func TestEveryBodyHasExamples(t *testing.T) {
	doc := loadSpec(t)
	for _, op := range specdoc.Operations(doc) {
		if op.OperationID == "" {
			t.Errorf("%s %s has no operationId", op.Method, op.Path)
		}
		if op.HasRequestBody() && len(op.RequestExamples()) == 0 {
			t.Errorf("%s: request body has no example", op.OperationID)
		}
		for _, status := range op.Statuses() {
			resp := op.Response(status)
			for mediaType, mt := range resp.Content {
				if len(mt.Examples) == 0 {
					t.Errorf("%s: response %s (%s) has no example", op.OperationID, status, mediaType)
				}
				for name, ex := range mt.Examples {
					if ex.Ref == "" {
						t.Errorf("%s: response %s example %q is inline; put it under components/examples", op.OperationID, status, name)
					}
				}
			}
		}
		for _, ex := range op.RequestExamples() {
			if ex.Value == nil {
				t.Errorf("%s: request example %q has no value", op.OperationID, ex.Name)
			}
		}
	}
}

// TestSeedBodiesAreExamples requires the Create page's request and response
// bodies, verbatim, among the examples of createAssignment.
func TestSeedBodiesAreExamples(t *testing.T) {
	doc := loadSpec(t)
	var create *specdoc.Operation
	for _, op := range specdoc.Operations(doc) {
		if op.OperationID == "createAssignment" {
			create = &op
		}
	}
	if create == nil {
		t.Fatal("no createAssignment operation")
	}
	tests := []struct {
		file     string
		examples []specdoc.Example
	}{
		{"seed-create-request.json", create.RequestExamples()},
		{"seed-create-response.json", create.ResponseExamples("201")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var want any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			for _, ex := range tt.examples {
				if cmp.Equal(want, ex.Value) {
					return
				}
			}
			t.Errorf("no example equals %s", tt.file)
		})
	}
}

// TestExamplesPassTrafficValidation sends every request example through
// kin-openapi's request validation and every response example through its
// response validation, as a client and a server would see them.
func TestExamplesPassTrafficValidation(t *testing.T) {
	doc := loadSpec(t)
	router, err := specdoc.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
				return fmt.Errorf("no bearer token")
			}
			return nil
		},
	}
	for _, op := range specdoc.Operations(doc) {
		path, err := op.ExamplePath(nil)
		if err != nil {
			t.Fatal(err)
		}
		requests := op.RequestExamples()
		if !op.HasRequestBody() {
			requests = []specdoc.Example{{Name: "no body"}}
		}
		for _, reqEx := range requests {
			t.Run(op.OperationID+"/request/"+reqEx.Name, func(t *testing.T) {
				input := requestInput(t, router, op.Method, path, reqEx.Value, opts)
				if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
					t.Fatalf("request example rejected: %v", err)
				}
			})
		}
		for _, status := range op.Statuses() {
			resp := op.Response(status)
			exs := op.ResponseExamples(status)
			if len(resp.Content) == 0 {
				exs = []specdoc.Example{{Name: "no body"}}
			}
			for _, ex := range exs {
				t.Run(op.OperationID+"/response/"+status+"/"+ex.Name, func(t *testing.T) {
					input := requestInput(t, router, op.Method, path, firstValue(requests), opts)
					header := http.Header{}
					for name, h := range resp.Headers {
						header.Set(name, fmt.Sprint(h.Value.Example))
					}
					var body []byte
					if ex.Value != nil {
						// JSON, or for a text/plain body such as a $count, the
						// value as text (a number's JSON is its text).
						header.Set("Content-Type", op.ResponseMediaType(status))
						body, _ = json.Marshal(ex.Value)
					}
					var code int
					fmt.Sscan(status, &code)
					err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
						RequestValidationInput: input,
						Status:                 code,
						Header:                 header,
						Body:                   io.NopCloser(bytes.NewReader(body)),
						Options:                opts,
					})
					if err != nil {
						t.Fatalf("response example rejected: %v", err)
					}
				})
			}
		}
	}
}

// TestDiscriminatorMappingDecodes checks every mapping key of the target
// union against the generated Go type it must decode into, with and without
// the leading '#' (oapi-codegen has had ordering bugs with several keys per
// variant).
func TestDiscriminatorMappingDecodes(t *testing.T) {
	doc := loadSpec(t)
	union := doc.Components.Schemas["assignmentTarget"].Value
	if got, want := len(union.Discriminator.Mapping), 2*len(union.OneOf); got != want {
		t.Errorf("mapping has %d keys, want %d (each of the %d variants with and without '#')", got, want, len(union.OneOf))
	}
	variants := make(map[string]bool, len(union.OneOf))
	for _, v := range union.OneOf {
		variants[v.Ref] = true
	}
	for key, ref := range union.Discriminator.Mapping {
		t.Run(key, func(t *testing.T) {
			if !variants[ref.Ref] {
				t.Fatalf("mapping points at %q, which is not a variant of the union", ref.Ref)
			}
			schemaName := strings.TrimPrefix(ref.Ref, "#/components/schemas/")
			wantType, ok := contract.GoTypes[schemaName]
			if !ok {
				t.Fatalf("schema %q has no Go type in contract.GoTypes", schemaName)
			}
			if strings.TrimPrefix(key, "#") != "microsoft.graph."+schemaName {
				t.Errorf("key %q does not name schema %q", key, schemaName)
			}
			var target gen.AssignmentTarget
			body := fmt.Sprintf(`{"@odata.type":%q,"groupId":"g","collectionId":"c"}`, key)
			if err := json.Unmarshal([]byte(body), &target); err != nil {
				t.Fatal(err)
			}
			v, err := target.ValueByDiscriminator()
			if err != nil {
				t.Fatal(err)
			}
			if got := reflect.TypeOf(v); got != wantType {
				t.Errorf("decoded into %v, want %v", got, wantType)
			}
		})
	}
}

func firstValue(exs []specdoc.Example) any {
	if len(exs) == 0 {
		return nil
	}
	return exs[0].Value
}

func requestInput(t *testing.T, router interface {
	FindRoute(*http.Request) (*routers.Route, map[string]string, error)
}, method, path string, body any, opts *openapi3filter.Options) *openapi3filter.RequestValidationInput {
	t.Helper()
	var reader io.Reader = http.NoBody
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, reader)
	req.Header.Set("Authorization", "Bearer example")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
}
