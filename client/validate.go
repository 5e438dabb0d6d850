package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/gen"
)

// The operationIds of the spec, as the client names its calls.
const (
	opList   = "listAssignments"
	opCreate = "createAssignment"
	opGet    = "getAssignment"
	opUpdate = "updateAssignment"
	opDelete = "deleteAssignment"
	opAssign = "assign"
	opCount  = "countAssignments"
)

// The parameter names of the spec.
const (
	paramConfigID     = "deviceEnrollmentConfigurationId"
	paramAssignmentID = "enrollmentConfigurationAssignmentId"
	paramTop          = "$top"
	paramSkip         = "$skip"
	paramSelect       = "$select"
	paramFilter       = "$filter"
	paramOrderBy      = "$orderby"
	paramCount        = "$count"
)

// validator checks a call's arguments against the schemas of its operation
// in the spec embedded in package gen, before anything is sent. The typed
// API cannot rule everything out by itself (enum fields are strings, a
// target is raw JSON), and checking against the spec itself, rather than
// against a copy of its rules, keeps the two from drifting apart.
type validator struct {
	ops map[string]*operationSchemas // by lower-cased operationId
}

// operationSchemas are the schemas of one operation's parameters, by name,
// and of its JSON request body, if it has one; and its success response:
// the 2xx status and the media type of its body ("" for none).
type operationSchemas struct {
	params map[string]*openapi3.Schema
	body   *openapi3.Schema
	status int
	media  string
}

// loadValidator decodes the embedded spec once per process.
var loadValidator = sync.OnceValues(func() (*validator, error) {
	doc, err := gen.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load the spec embedded in package gen: %w", err)
	}
	v := &validator{ops: map[string]*operationSchemas{}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			s := &operationSchemas{params: map[string]*openapi3.Schema{}}
			for _, ref := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if ref.Value != nil && ref.Value.Schema != nil {
					s.params[ref.Value.Name] = ref.Value.Schema.Value
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					s.body = mt.Schema.Value
				}
			}
			if s.status, s.media, err = success(op); err != nil {
				return nil, fmt.Errorf("the embedded spec's %s: %w", op.OperationID, err)
			}
			// oapi-codegen capitalises the operationIds of the copy it embeds.
			v.ops[strings.ToLower(op.OperationID)] = s
		}
	}
	for _, want := range []struct {
		op     string
		params []string
		body   bool
	}{
		{opList, []string{paramConfigID, paramTop, paramSkip, paramSelect, paramFilter, paramOrderBy, paramCount}, false},
		{opCreate, []string{paramConfigID}, true},
		{opGet, []string{paramConfigID, paramAssignmentID, paramSelect}, false},
		{opUpdate, []string{paramConfigID, paramAssignmentID}, true},
		{opDelete, []string{paramConfigID, paramAssignmentID}, false},
		{opAssign, []string{paramConfigID}, true},
		{opCount, []string{paramConfigID, paramFilter}, false},
	} {
		s := v.ops[strings.ToLower(want.op)]
		if s == nil {
			return nil, fmt.Errorf("the embedded spec has no operation %q", want.op)
		}
		for _, p := range want.params {
			if s.params[p] == nil {
				return nil, fmt.Errorf("the embedded spec has no parameter %q on %q", p, want.op)
			}
		}
		if want.body && s.body == nil {
			return nil, fmt.Errorf("the embedded spec has no JSON request body on %q", want.op)
		}
	}
	return v, nil
})

// success returns the status of op's one 2xx response and the media type of
// its body, "" for none.
func success(op *openapi3.Operation) (status int, media string, err error) {
	for code, ref := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			continue
		}
		if status != 0 {
			return 0, "", errors.New("more than one 2xx response")
		}
		status = n
		for mt := range ref.Value.Content {
			if media != "" {
				return 0, "", fmt.Errorf("a %d response of more than one media type", n)
			}
			media = mt
		}
	}
	if status == 0 {
		return 0, "", errors.New("no 2xx response")
	}
	return status, media, nil
}

// hasMedia reports whether a success response of content type ct has the
// body the spec gives the operation: JSON as the generated code knows it (a
// content type that mentions json), or else the spec's media type.
func (s *operationSchemas) hasMedia(ct string) bool {
	switch s.media {
	case "":
		return true
	case "application/json":
		return strings.Contains(ct, "json")
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == s.media
}

func (v *validator) op(op string) *operationSchemas {
	return v.ops[strings.ToLower(op)]
}

// pathParam checks a path parameter. Besides its schema, a path segment
// cannot be "." or "..": URL resolution would remove it and send the request
// to another resource.
func (v *validator) pathParam(op, name, value string) error {
	if value == "." || value == ".." {
		return invalid(op, name, fmt.Errorf("%q cannot be sent as a path segment", value))
	}
	return v.param(op, name, value)
}

// queryInt checks an integer query parameter.
func (v *validator) queryInt(op, name string, value int) error {
	return v.param(op, name, float64(value))
}

// queryString checks a string query parameter.
func (v *validator) queryString(op, name, value string) error {
	return v.param(op, name, value)
}

// queryList checks a query parameter that is sent as a comma-separated
// list, and returns the list joined. Besides the parameter's schema, no
// item may be empty or hold a comma: the service would read the joined
// list as other items than the caller gave.
func (v *validator) queryList(op, name string, items []string) (string, error) {
	for i, item := range items {
		if item == "" {
			return "", invalid(op, fmt.Sprintf("%s/%d", name, i), errors.New("an item of the list is empty"))
		}
		if strings.Contains(item, ",") {
			return "", invalid(op, fmt.Sprintf("%s/%d", name, i), fmt.Errorf("%q holds a comma, which separates the items", item))
		}
	}
	joined := strings.Join(items, ",")
	return joined, v.param(op, name, joined)
}

// queryBool checks a boolean query parameter.
func (v *validator) queryBool(op, name string, value bool) error {
	return v.param(op, name, value)
}

func (v *validator) param(op, name string, value any) error {
	if err := v.op(op).params[name].VisitJSON(value, openapi3.VisitAsRequest()); err != nil {
		return invalid(op, name, err)
	}
	return nil
}

// body checks a request body as it will be sent: the JSON that
// encoding/json makes of it, which is what the generated client sends.
func (v *validator) body(op string, body any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return invalid(op, "body", err)
	}
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return invalid(op, "body", err)
	}
	if err := v.op(op).body.VisitJSON(value, openapi3.VisitAsRequest()); err != nil {
		return invalid(op, "body", err)
	}
	return nil
}

// invalid wraps ErrInvalidInput with where the input is wrong and why.
func invalid(op, where string, err error) error {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path, reason := describe(se)
		if len(path) > 0 {
			where += "/" + strings.Join(path, "/")
		}
		if reason != "" {
			return fmt.Errorf("%s: %w: %s: %s", op, ErrInvalidInput, where, reason)
		}
	}
	return fmt.Errorf("%s: %w: %s: %v", op, ErrInvalidInput, where, err)
}

// describe returns the JSON path and the reason of a schema error. For the
// target's oneOf it looks inside: the discriminator picks one variant, and
// that variant's error ("minimum string length is 1" at groupId) says more
// than "doesn't match any schema from oneOf". So it does for an allOf (a new
// assignment is the assignment schema and a required target): the first
// member that fails says where.
func describe(se *openapi3.SchemaError) (path []string, reason string) {
	path, reason = se.JSONPointer(), se.Reason
	var inner *openapi3.SchemaError
	if (se.SchemaField == "oneOf" || se.SchemaField == "allOf") && se.Origin != nil && errors.As(se.Origin, &inner) {
		innerPath, innerReason := describe(inner)
		if !slices.Equal(innerPath[:min(len(path), len(innerPath))], path) {
			innerPath = append(slices.Clip(path), innerPath...)
		}
		return innerPath, innerReason
	}
	return path, reason
}
