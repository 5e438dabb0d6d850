// Package specdoc loads openapi/openapi.yaml and walks its operations and
// examples. The tests that treat the spec's examples as their test cases use
// it, so that nobody keeps a second list of cases.
package specdoc

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/specfirst/intune-assignments/openapi"
)

// Load loads and validates openapi/openapi.yaml, examples included, from
// the copy embedded in package openapi, so that it needs no source tree.
func Load(ctx context.Context) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(openapi.YAML)
	if err != nil {
		return nil, fmt.Errorf("load openapi/openapi.yaml: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("validate openapi/openapi.yaml: %w", err)
	}
	return doc, nil
}

// NewRouter returns a router over doc that matches paths relative to the
// Graph version root, whatever host they are sent to. doc is not changed.
func NewRouter(doc *openapi3.T) (routers.Router, error) {
	local := *doc
	local.Servers = nil
	return gorillamux.NewRouter(&local)
}

// Operation is one method on one path of the document.
type Operation struct {
	Method   string
	Path     string
	PathItem *openapi3.PathItem
	*openapi3.Operation
	doc *openapi3.T // for what the operation inherits, such as security
}

// Operations lists the document's operations sorted by path, then method.
func Operations(doc *openapi3.T) []Operation {
	var ops []Operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, Operation{Method: method, Path: path, PathItem: item, Operation: op, doc: doc})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// Parameters are the path item's parameters followed by the operation's own.
func (o Operation) Parameters() openapi3.Parameters {
	params := append(openapi3.Parameters{}, o.PathItem.Parameters...)
	return append(params, o.Operation.Parameters...)
}

// AliasOf is the operationId of the operation this one is another name of
// (its x-alias-of), or "".
func (o Operation) AliasOf() string {
	alias, _ := o.Extensions["x-alias-of"].(string)
	return alias
}

// ExamplePath fills the path template with each path parameter's example,
// or with the value in override when it names the parameter.
func (o Operation) ExamplePath(override map[string]string) (string, error) {
	path := o.Path
	for _, ref := range o.Parameters() {
		p := ref.Value
		if p.In != openapi3.ParameterInPath {
			continue
		}
		value, ok := override[p.Name]
		if !ok {
			s, isString := p.Example.(string)
			if !isString {
				return "", fmt.Errorf("%s %s: path parameter %q has no string example", o.Method, o.Path, p.Name)
			}
			value = s
		}
		path = strings.ReplaceAll(path, "{"+p.Name+"}", value)
	}
	return path, nil
}

// Example is one named example of a request or response body.
type Example struct {
	// Name is the example's key in the media type's examples.
	Name string
	// Component is the name under components/examples it refers to, if any.
	Component string
	// Value is the decoded JSON value (for text/plain, the value the text
	// spells).
	Value any
	// Collection is the example's x-collection: the assignments the
	// configuration holds, in creation order, when the request is made;
	// nil when the example does not say.
	Collection []any
	// Request is the example's x-request: the request body that draws this
	// error response, one that the spec's request schema may refuse (and
	// so cannot be a request example); nil when the example does not say.
	Request any
}

// RequestExamples lists the JSON request body's examples by name.
func (o Operation) RequestExamples() []Example {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	return examples(o.RequestBody.Value.Content.Get("application/json"))
}

// HasRequestBody reports whether the operation takes a body.
func (o Operation) HasRequestBody() bool {
	return o.RequestBody != nil && o.RequestBody.Value != nil && len(o.RequestBody.Value.Content) > 0
}

// Statuses lists the documented response statuses in ascending order.
func (o Operation) Statuses() []string {
	statuses := make([]string, 0, o.Responses.Len())
	for status := range o.Responses.Map() {
		statuses = append(statuses, status)
	}
	sort.Strings(statuses)
	return statuses
}

// SuccessStatus is the lowest documented 2xx status.
func (o Operation) SuccessStatus() string {
	for _, status := range o.Statuses() {
		if strings.HasPrefix(status, "2") {
			return status
		}
	}
	return ""
}

// Response is the documented response for status, or nil.
func (o Operation) Response(status string) *openapi3.Response {
	ref := o.Responses.Value(status)
	if ref == nil {
		return nil
	}
	return ref.Value
}

// RequestSchema is the name of the component schema of the JSON request
// body, or "" when the operation has none.
func (o Operation) RequestSchema() string {
	if !o.HasRequestBody() {
		return ""
	}
	return schemaName(o.RequestBody.Value.Content.Get("application/json"))
}

// ResponseSchema is the name of the component schema of the JSON response
// for status, or "" when that response has no body.
func (o Operation) ResponseSchema(status string) string {
	resp := o.Response(status)
	if resp == nil {
		return ""
	}
	return schemaName(resp.Content.Get("application/json"))
}

func schemaName(mt *openapi3.MediaType) string {
	if mt == nil || mt.Schema == nil {
		return ""
	}
	return strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
}

// ResponseExamples lists the examples of the response for status: its
// JSON ones, or else its text/plain ones.
func (o Operation) ResponseExamples(status string) []Example {
	if mt := o.ResponseMediaType(status); mt != "" {
		return examples(o.Response(status).Content.Get(mt))
	}
	return nil
}

// ResponseMediaType is the media type of the response for status:
// application/json, text/plain, or "" when the response has no body.
func (o Operation) ResponseMediaType(status string) string {
	resp := o.Response(status)
	if resp == nil {
		return ""
	}
	for _, mt := range []string{"application/json", "text/plain"} {
		if resp.Content.Get(mt) != nil {
			return mt
		}
	}
	return ""
}

// QueryExample is the query made of the examples named name of the
// operation's query parameters: the query that produces the response
// example of that name. It is empty when no parameter has such an example.
func (o Operation) QueryExample(name string) url.Values {
	q := url.Values{}
	for _, ref := range o.Parameters() {
		p := ref.Value
		if p.In != openapi3.ParameterInQuery {
			continue
		}
		if ex := p.Examples[name]; ex != nil && ex.Value != nil {
			q.Set(p.Name, fmt.Sprint(ex.Value.Value))
		}
	}
	return q
}

func examples(mt *openapi3.MediaType) []Example {
	if mt == nil {
		return nil
	}
	out := make([]Example, 0, len(mt.Examples))
	for name, ref := range mt.Examples {
		if ref == nil || ref.Value == nil {
			continue
		}
		collection, _ := ref.Value.Extensions["x-collection"].([]any)
		out = append(out, Example{
			Name:       name,
			Component:  strings.TrimPrefix(ref.Ref, "#/components/examples/"),
			Value:      ref.Value.Value,
			Collection: collection,
			Request:    ref.Value.Extensions["x-request"],
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func init() {
	openapi3filter.RegisterBodyDecoder("text/plain", plainBodyDecoder)
}

// plainBodyDecoder reads a text/plain body as kin-openapi does, as a string,
// except where the schema says it is a number: a $count body such as "3"
// is the integer 3, and is validated as one.
func plainBodyDecoder(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	text := string(data)
	if schema != nil && schema.Value != nil && (schema.Value.Type.Is(openapi3.TypeInteger) || schema.Value.Type.Is(openapi3.TypeNumber)) {
		n, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return n, nil
	}
	return text, nil
}
