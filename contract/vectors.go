package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// The server cases as data: gen/vectors.gen.json, which `make generate`
// writes from Vectors, so that a runner in any language can drive the
// emulator through every case the Go suite runs, without reading the spec's
// examples itself. docs/other-languages.md describes the format.

// VectorFile is the whole file.
type VectorFile struct {
	Comment string `json:"$comment"`
	// SpecRoot is the version root the examples' URLs are written on; the
	// rootUrl rule replaces it with the runner's.
	SpecRoot string `json:"specRoot"`
	// BasePath is where the emulator serves the version root.
	BasePath string `json:"basePath"`
	// EmulatorArgs are the flags `intune-emulator serve` needs for the
	// cases: the 413 case's body limit and the fault header of the 429,
	// 500, 503 and 504 cases.
	EmulatorArgs []string `json:"emulatorArgs"`
	// Tokens are the scopes of each kind of token a step names; "none"
	// sends no Authorization header.
	Tokens map[string][]string `json:"tokens"`
	Cases  []Vector            `json:"cases"`
}

// Vector is one server case: set-up steps, the request under test, then
// steps that check what it left behind. Each case starts by emptying the
// example configuration, so the cases run in order on one emulator.
type Vector struct {
	Name string `json:"name"`
	// Examples are the spec's example uses the case exercises
	// (ExampleUse.String).
	Examples []string `json:"examples"`
	Setup    []Step   `json:"setup"`
	Step
	Then []Step `json:"then,omitempty"`
}

// Step is one request and what its answer must be.
type Step struct {
	OperationID string `json:"operationId"`
	Method      string `json:"method"`
	// Path is the spec's path template, relative to the version root.
	Path       string            `json:"path"`
	PathParams map[string]string `json:"pathParams"`
	// Query values are typed as their parameters: numbers, booleans,
	// strings.
	Query   map[string]any    `json:"query,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	// Token names an entry of VectorFile.Tokens, or "none".
	Token string `json:"token"`
	// Valid is false for a request that breaks the spec on purpose (an
	// error case): a typed client cannot build it, so it is sent as is.
	Valid bool `json:"valid"`
	// ContentType is the request's Content-Type when it is not
	// application/json.
	ContentType string `json:"contentType,omitempty"`
	Body        any    `json:"body,omitempty"`
	Expect      Expect `json:"expect"`
}

// Expect is what the answer to a step must be.
type Expect struct {
	Status int `json:"status"`
	// MediaType is the body's: application/json, text/plain (a $count,
	// whose Body is the number), or absent when the body is not checked.
	MediaType string `json:"mediaType,omitempty"`
	Body      any    `json:"body,omitempty"`
	// Headers must be present in the answer.
	Headers []string `json:"headers,omitempty"`
	// MayDiffer are the places where the answer may differ from Body.
	MayDiffer []Rule `json:"mayDiffer,omitempty"`
}

// Rule says how the value at Pointer (RFC 6901) of an answer is checked
// instead of compared. After the checks, the runner removes every rule's
// member from both the answer and Body, then requires them to be equal.
// The rules apply in order: anyOrder, which removes nothing, comes before
// the rules that point into the array it orders.
type Rule struct {
	Pointer string `json:"pointer"`
	// Rule is one of:
	//   guid        present, a GUID string (a generated id)
	//   rootUrl     present, equal to Body's value once its leading
	//               SpecRoot is replaced by the runner's version root URL
	//   metadataUrl absent, or a string starting with <root>/$metadata#
	//   requestId   present, equal to the answer's request-id header
	//   dateTime    present, an RFC 3339 date-time
	//   nonEmpty    present, a non-empty string
	//   default     absent, or equal to Value
	//   any         anything, or absent
	//   anyOrder    present, an array of objects whose member Value is a
	//               string: its items may come in any order, so the
	//               answer's array and Body's are sorted by that member
	//               (compared as strings) before the rules after it apply
	Rule  string `json:"rule"`
	Value any    `json:"value,omitempty"`
}

// The rules of Rule.Rule.
const (
	RuleGUID        = "guid"
	RuleRootURL     = "rootUrl"
	RuleMetadataURL = "metadataUrl"
	RuleRequestID   = "requestId"
	RuleDateTime    = "dateTime"
	RuleNonEmpty    = "nonEmpty"
	RuleDefault     = "default"
	RuleAny         = "any"
	RuleAnyOrder    = "anyOrder"
)

// The token kinds of Step.Token.
const (
	TokenWrite  = "write"
	TokenNarrow = "narrow"
	TokenNone   = "none"
)

// VectorMaxBodyBytes is the body limit the vectors' emulator runs with:
// small, so that the 413 cases' bodies stay small.
const VectorMaxBodyBytes = 4096

// specRoot is the version root the spec's examples are written on.
const specRoot = "https://graph.microsoft.com/beta"

// defaultSource is the source the service gives an assignment made without
// one.
const defaultSource = string(gen.SourceDirect)

// Vectors lists the server cases as data, in ServerCases' order.
func (s *Suite) Vectors() VectorFile {
	f := VectorFile{
		Comment:      "Generated from openapi/openapi.yaml by `make generate` (contract.Suite.Vectors); do not edit. docs/other-languages.md describes the format.",
		SpecRoot:     specRoot,
		BasePath:     "/beta",
		EmulatorArgs: []string{"-allow-fault-headers", "-max-body-bytes", strconv.Itoa(VectorMaxBodyBytes)},
		Tokens:       map[string][]string{TokenWrite: {scopeAll}, TokenNarrow: {NarrowScope}},
	}
	for _, c := range s.ServerCases() {
		v := c.vector
		v.Name = c.Name
		v.Examples = []string{}
		for _, use := range c.Uses {
			v.Examples = append(v.Examples, use.String())
		}
		f.Cases = append(f.Cases, v)
	}
	return f
}

// vectorOf builds a case's steps.
type vectorOf struct {
	suite *Suite
	op    specdoc.Operation
}

// step is a valid call of op on the example configuration (on assignment
// item, when not "") with the token that grants every operation.
func (b vectorOf) step(op specdoc.Operation, item string, query url.Values, body any) Step {
	// Only the parameters of op's path: the batch has none.
	params := map[string]string{}
	if strings.Contains(op.Path, "{deviceEnrollmentConfigurationId}") {
		params["deviceEnrollmentConfigurationId"] = configID(op)
	}
	if item != "" {
		params["enrollmentConfigurationAssignmentId"] = item
	}
	return Step{
		OperationID: op.OperationID, Method: strings.ToUpper(op.Method), Path: op.Path, PathParams: params,
		Query: typedQuery(op, query), Token: TokenWrite, Valid: true, Body: body,
	}
}

func (b vectorOf) stepID(id, item string, query url.Values, body any) Step {
	op, err := b.suite.operation(id)
	if err != nil {
		panic(err) // the suite is written against the spec's operations
	}
	return b.step(op, item, query, body)
}

// reset empties the example configuration: the first step of every case.
func (b vectorOf) reset() Step {
	s := b.stepID("assign", "", nil, map[string]any{"enrollmentConfigurationAssignments": []any{}})
	s.Expect = Expect{Status: http.StatusNoContent}
	return s
}

// create stores item, as serverRun.create does.
func (b vectorOf) create(item any) Step {
	s := b.stepID("createAssignment", "", nil, item)
	s.Expect = Expect{Status: http.StatusCreated}
	return s
}

// createItem stores a plain assignment with id, as serverRun.createItem does.
func (b vectorOf) createItem(id string) Step {
	return b.create(map[string]any{
		"id":     id,
		"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"},
	})
}

// expectJSON is the answer of a success case: example in its canonical
// form, under the Generated rule.
func expectJSON(status string, example any, id bool) Expect {
	want := canonical(example)
	return Expect{Status: atoi(status), MediaType: "application/json", Body: want, MayDiffer: generatedRules(want, "", id)}
}

// generatedRules are the Generated rule of a success body, want in its
// canonical form, at pointer at: the id the service chose (id), the URLs
// on its own root and the assignments' default source.
func generatedRules(want any, at string, id bool) []Rule {
	var rules []Rule
	if id {
		rules = append(rules, Rule{Pointer: at + "/id", Rule: RuleGUID})
	}
	obj := asObject(want)
	if _, ok := obj["@odata.context"]; ok {
		rules = append(rules, Rule{Pointer: at + "/@odata.context", Rule: RuleRootURL})
	} else {
		rules = append(rules, Rule{Pointer: at + "/@odata.context", Rule: RuleMetadataURL})
	}
	if _, ok := obj["@odata.nextLink"]; ok {
		rules = append(rules, Rule{Pointer: at + "/@odata.nextLink", Rule: RuleRootURL})
	}
	return append(rules, defaultSources(want, at)...)
}

// errorRules are what a failure's error body may differ in, at pointer at.
func errorRules(at string) []Rule {
	return []Rule{
		{Pointer: at + "/error/innerError/request-id", Rule: RuleRequestID},
		{Pointer: at + "/error/innerError/date", Rule: RuleDateTime},
		{Pointer: at + "/error/message", Rule: RuleNonEmpty},
		{Pointer: at + "/error/target", Rule: RuleAny},
		{Pointer: at + "/error/details", Rule: RuleAny},
	}
}

// request is the vector of a request example (and its paired response).
func (b vectorOf) request(req, resp specdoc.Example, paired, hasItem bool) Vector {
	op, status := b.op, b.op.SuccessStatus()
	v := Vector{Setup: []Step{b.reset()}}
	item := ""
	if hasItem {
		item = itemID(op)
		v.Setup = append(v.Setup, b.createItem(item))
	}
	v.Step = b.step(op, item, nil, req.Value)
	if op.ResponseSchema(status) == "" {
		// No body to compare: the configuration holds what was sent.
		v.Expect = Expect{Status: atoi(status)}
		v.Then = []Step{b.listState(req.Value)}
		return v
	}
	if paired {
		_, hasID := asObject(req.Value)["id"]
		v.Expect = expectJSON(status, resp.Value, !hasID)
	} else {
		v.Expect = Expect{Status: atoi(status)}
	}
	return v
}

// listState lists the configuration, which must hold exactly the
// assignments of an assign body, in order: checkState as a step.
func (b vectorOf) listState(body any) Step {
	items, _ := asObject(body)["enrollmentConfigurationAssignments"].([]any)
	want := make([]any, len(items))
	var generated []Rule
	for i, item := range items {
		w := cloneObject(asObject(item))
		if _, ok := w["@odata.type"]; !ok {
			w["@odata.type"] = string(gen.EnrollmentConfigurationAssignmentOdataTypeHashed)
		}
		if _, ok := w["id"]; !ok {
			generated = append(generated, Rule{Pointer: fmt.Sprintf("/value/%d/id", i), Rule: RuleGUID})
		}
		want[i] = w
	}
	s := b.stepID("listAssignments", "", url.Values{"$top": {strconv.Itoa(specdoc.MaxTop())}}, nil)
	s.Expect = expectJSON("200", map[string]any{"value": want}, false)
	s.Expect.MayDiffer = append(generated, s.Expect.MayDiffer...)
	return s
}

// read is the vector of a response example of an operation without a
// request body: the configuration is given what the example shows first.
func (b vectorOf) read(resp specdoc.Example, hasItem bool) Vector {
	op, status := b.op, b.op.SuccessStatus()
	v := Vector{Setup: []Step{b.reset()}}
	query, item := op.QueryExample(resp.Name), ""
	switch {
	case resp.Collection != nil:
		for _, it := range resp.Collection {
			v.Setup = append(v.Setup, b.create(it))
		}
		if hasItem {
			item = fmt.Sprint(asObject(resp.Value)["id"])
		}
	case hasItem:
		v.Setup = append(v.Setup, b.create(resp.Value))
		item = fmt.Sprint(asObject(resp.Value)["id"])
	default:
		page := asObject(resp.Value)
		items, _ := page["value"].([]any)
		for _, it := range items {
			v.Setup = append(v.Setup, b.create(it))
		}
		if _, more := page["@odata.nextLink"]; more {
			v.Setup = append(v.Setup, b.createItem(nextPageItemID))
			query.Set("$top", strconv.Itoa(len(items)))
		}
	}
	v.Step = b.step(op, item, query, nil)
	if op.ResponseMediaType(status) == "text/plain" {
		v.Expect = Expect{Status: atoi(status), MediaType: "text/plain", Body: resp.Value}
	} else {
		v.Expect = expectJSON(status, resp.Value, false)
	}
	return v
}

// nextPageItemID is the assignment stored after a page example's items, so
// that a next page exists.
const nextPageItemID = "ffffffff-0000-4000-8000-00000000e0f1"

// remove is the vector of an operation with neither body: a delete, after
// which the item is gone.
func (b vectorOf) remove() Vector {
	op, item := b.op, itemID(b.op)
	v := Vector{Setup: []Step{b.reset(), b.createItem(item)}}
	v.Step = b.step(op, item, nil, nil)
	v.Expect = Expect{Status: atoi(op.SuccessStatus())}
	gone := b.stepID("getAssignment", item, nil, nil)
	gone.Expect = Expect{Status: http.StatusNotFound}
	v.Then = []Step{gone}
	return v
}

// failure is the vector of an error example: the request of condition,
// with the fault header that puts the emulator in fault.
func (b vectorOf) failure(status string, fault Fault, ex specdoc.Example) Vector {
	op := b.op
	r := &serverRun{config: configID(op), token: TokenWrite, narrow: TokenNarrow, maxBody: VectorMaxBodyBytes}
	q, err := r.condition(op, status)
	if err != nil {
		panic(err) // ServerCases lists only the statuses condition knows
	}
	v := Vector{Setup: []Step{b.reset()}}
	config := configID(op)
	if status == "404" {
		config = unknownConfigID
	}
	item := ""
	if strings.Contains(op.Path, "{enrollmentConfigurationAssignmentId}") {
		item = itemID(op)
	}
	v.Step = b.step(op, item, q.Query, q.Body)
	if _, ok := v.PathParams["deviceEnrollmentConfigurationId"]; ok {
		v.PathParams["deviceEnrollmentConfigurationId"] = config
	}
	v.Token, v.Valid, v.ContentType = q.Token, q.Valid, q.ContentType
	if v.Token == "" {
		v.Token = TokenNone
	}
	if raw, ok := q.Body.([]byte); ok {
		// The 413 body, JSON one byte over the limit in its compact form.
		var body any
		if err := json.Unmarshal(raw, &body); err != nil {
			panic(err)
		}
		v.Body = body
	}
	crid, _ := lookup(ex.Value, "error/innerError/client-request-id")
	v.Headers = map[string]string{"client-request-id": fmt.Sprint(crid)}
	if h := faultHeader(fault); h != "" {
		v.Headers["X-Emulator-Fault"] = h
	}
	v.Expect = Expect{
		Status: atoi(status), MediaType: "application/json", Body: ex.Value, MayDiffer: errorRules(""),
	}
	for name := range op.Response(status).Headers {
		v.Expect.Headers = append(v.Expect.Headers, name)
	}
	slices.Sort(v.Expect.Headers)
	return v
}

// faultHeader is the X-Emulator-Fault value that puts the emulator in
// fault for one request, with a Retry-After where the spec documents one.
func faultHeader(f Fault) string {
	switch f {
	case FaultThrottled:
		return "429; retry-after=10"
	case FaultBroken:
		return "500"
	case FaultUnavailable:
		return "503; retry-after=30"
	case FaultGatewayTimeout:
		return "504; retry-after=2"
	}
	return ""
}

// typedQuery gives each query value the type of its parameter's schema.
func typedQuery(op specdoc.Operation, q url.Values) map[string]any {
	if len(q) == 0 {
		return nil
	}
	types := map[string]string{}
	for _, ref := range op.Parameters() {
		if p := ref.Value; p.In == openapi3.ParameterInQuery && p.Schema != nil && p.Schema.Value.Type != nil {
			types[p.Name] = p.Schema.Value.Type.Slice()[0]
		}
	}
	out := map[string]any{}
	for name, values := range q {
		v := values[0]
		out[name] = v
		switch types[name] {
		case openapi3.TypeInteger:
			if n, err := strconv.Atoi(v); err == nil {
				out[name] = n
			}
		case openapi3.TypeBoolean:
			if b, err := strconv.ParseBool(v); err == nil {
				out[name] = b
			}
		}
	}
	return out
}

// canonical is an example as the service answers it: every @odata.type in
// its '#' form.
func canonical(v any) any {
	v = clone(v)
	spectest.EachObject(v, func(obj map[string]any) {
		if name, ok := obj["@odata.type"].(string); ok && !strings.HasPrefix(name, "#") {
			obj["@odata.type"] = "#" + name
		}
	})
	return v
}

// defaultSources are the default rules of the assignments in v (objects
// with a target) that have no source: the service may answer "direct".
func defaultSources(v any, at string) []Rule {
	var rules []Rule
	switch v := v.(type) {
	case map[string]any:
		if _, isAssignment := v["target"]; isAssignment {
			if _, has := v["source"]; !has {
				rules = append(rules, Rule{Pointer: at + "/source", Rule: RuleDefault, Value: defaultSource})
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			rules = append(rules, defaultSources(v[k], at+"/"+pointerEscape(k))...)
		}
	case []any:
		for i, e := range v {
			rules = append(rules, defaultSources(e, fmt.Sprintf("%s/%d", at, i))...)
		}
	}
	return rules
}

// pointerEscape escapes a member name as an RFC 6901 pointer segment.
func pointerEscape(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}

func atoi(status string) int {
	n, err := strconv.Atoi(status)
	if err != nil {
		panic(fmt.Sprintf("status %q is not a number", status))
	}
	return n
}

// EncodeVectors is the file's bytes: indented JSON, members in a fixed
// order, '&' and '<' as they are (not escaped), and a final newline.
func EncodeVectors(f VectorFile) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
