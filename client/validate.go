package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// validator holds the operations of the spec (the copy compiled in, which
// internal/specdoc walks), which check a call's arguments against their
// schemas before anything is sent. The typed API cannot rule everything out
// by itself (enum fields are strings, a target is raw JSON), and checking
// against the spec itself, rather than against a copy of its rules, keeps
// the two from drifting apart. So does taking the names from the spec and
// the generated code: the client writes no operationId or parameter name of
// its own.
type validator struct {
	ops map[string]*operation // by lower-cased operationId
}

// operation is what the client reads of one operation of the spec.
type operation struct {
	// id is the operationId, such as "listAssignments".
	id string
	// path names the path parameters in the order of the path, which is the
	// order of the generated call's arguments.
	path []string
	// params are the schemas of the parameters, by name.
	params map[string]*openapi3.Schema
	// body is the schema of the JSON request body, nil for none.
	body *openapi3.Schema
	// status and media are the success response's: its 2xx status and the
	// media type of its body, "" for none.
	status int
	media  string
}

// loadValidator reads the operations of the spec once per process.
var loadValidator = sync.OnceValues(func() (*validator, error) {
	v := &validator{ops: map[string]*operation{}}
	for _, op := range specdoc.Operations(specdoc.Embedded()) {
		o := &operation{id: op.OperationID, params: map[string]*openapi3.Schema{}}
		for _, ref := range op.Parameters() {
			if ref.Value != nil && ref.Value.Schema != nil {
				o.params[ref.Value.Name] = ref.Value.Schema.Value
			}
		}
		for _, segment := range strings.Split(op.Path, "/") {
			if name, ok := strings.CutPrefix(segment, "{"); ok {
				o.path = append(o.path, strings.TrimSuffix(name, "}"))
			}
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				o.body = mt.Schema.Value
			}
		}
		var err error
		if o.status, o.media, err = success(op.Operation); err != nil {
			return nil, fmt.Errorf("the spec's %s: %w", op.OperationID, err)
		}
		v.ops[strings.ToLower(op.OperationID)] = o
	}
	return v, nil
})

// operationOf returns the operation whose generated response type is R:
// oapi-codegen names it after the operationId ("ListAssignmentsResponse").
func operationOf[R any](v *validator) (*operation, error) {
	t := reflect.TypeFor[R]()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	op := v.ops[strings.ToLower(strings.TrimSuffix(t.Name(), "Response"))]
	if op == nil {
		return nil, fmt.Errorf("the spec has no operation of gen.%s", t.Name())
	}
	return op, nil
}

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

// maxItems is the maxItems of the array property name of the operation's
// JSON body: a limit the spec sets, such as the 20 requests of a batch.
func (op *operation) maxItems(name string) (int, error) {
	if op.body != nil {
		if p := op.body.Properties[name]; p != nil && p.Value != nil && p.Value.MaxItems != nil {
			return int(*p.Value.MaxItems), nil
		}
	}
	return 0, fmt.Errorf("the spec's %s: the body's %s has no maxItems", op.id, name)
}

// hasMedia reports whether a success response of content type ct has the
// body the spec gives the operation: JSON as the generated code knows it (a
// content type that mentions json), or else the spec's media type.
func (op *operation) hasMedia(ct string) bool {
	switch op.media {
	case "":
		return true
	case "application/json":
		return strings.Contains(ct, "json")
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == op.media
}

// check checks the arguments of a call: its path parameters, in the order
// of the operation's path, and body, the JSON request body (nil for none).
func (op *operation) check(body any, path ...string) error {
	if len(path) != len(op.path) {
		return fmt.Errorf("%s: %d path parameters given, the spec has %d", op.id, len(path), len(op.path))
	}
	for i, value := range path {
		// Besides its schema, a path segment cannot be "." or "..": URL
		// resolution would remove it and send the request to another
		// resource.
		if value == "." || value == ".." {
			return invalid(op.id, op.path[i], fmt.Errorf("%q cannot be sent as a path segment", value))
		}
		if err := op.param(op.path[i], value); err != nil {
			return err
		}
	}
	if body == nil {
		return nil
	}
	return op.checkBody(body)
}

// query checks the query options opts (a ListOptions, GetOptions or
// CountOptions) and writes them into params, which points at the
// operation's generated parameters struct. Each option goes to the field of
// params with its name in any case (OrderBy to Orderby), and is checked
// against the parameter that the field's json tag names ($orderby). An
// option at its zero value, or an empty list, is left out. A list is sent
// comma-separated, so none of its items may be empty or hold a comma: the
// service would read other items than the caller gave.
func (op *operation) query(opts, params any) error {
	from, to := reflect.ValueOf(opts), reflect.ValueOf(params).Elem()
	for i := range from.NumField() {
		option, value := from.Type().Field(i), from.Field(i)
		if value.IsZero() || value.Kind() == reflect.Slice && value.Len() == 0 {
			continue
		}
		field, ok := to.Type().FieldByNameFunc(func(name string) bool { return strings.EqualFold(name, option.Name) })
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if !ok || op.params[name] == nil {
			return fmt.Errorf("%s: the option %s is no query parameter of the spec", op.id, option.Name)
		}
		sent := value.Interface() // as the parameter's schema sees it
		switch v := sent.(type) {
		case int:
			sent = float64(v)
		case []string:
			joined, err := op.list(name, v)
			if err != nil {
				return err
			}
			sent = joined
		}
		if err := op.param(name, sent); err != nil {
			return err
		}
		out := reflect.New(field.Type.Elem()).Elem()
		switch {
		case out.CanInt() && value.CanInt():
			if out.OverflowInt(value.Int()) {
				return invalid(op.id, name, fmt.Errorf("%d does not fit in %s", value.Int(), out.Type()))
			}
			out.SetInt(value.Int())
		case reflect.ValueOf(sent).CanConvert(out.Type()):
			out.Set(reflect.ValueOf(sent).Convert(out.Type()))
		default:
			return fmt.Errorf("%s: the option %s cannot be sent as %s", op.id, option.Name, out.Type())
		}
		to.FieldByIndex(field.Index).Set(out.Addr())
	}
	return nil
}

// list joins the items of a list parameter, none of which may be empty or
// hold a comma.
func (op *operation) list(name string, items []string) (string, error) {
	for i, item := range items {
		if item == "" {
			return "", invalid(op.id, fmt.Sprintf("%s/%d", name, i), errors.New("an item of the list is empty"))
		}
		if strings.Contains(item, ",") {
			return "", invalid(op.id, fmt.Sprintf("%s/%d", name, i), fmt.Errorf("%q holds a comma, which separates the items", item))
		}
	}
	return strings.Join(items, ","), nil
}

func (op *operation) param(name string, value any) error {
	if err := op.params[name].VisitJSON(value, openapi3.VisitAsRequest()); err != nil {
		return invalid(op.id, name, err)
	}
	return nil
}

// checkBody checks a request body as it will be sent: the JSON that
// encoding/json makes of it, which is what the generated client sends.
func (op *operation) checkBody(body any) error {
	if op.body == nil {
		return fmt.Errorf("%s: the spec has no JSON request body", op.id)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return invalid(op.id, "body", err)
	}
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return invalid(op.id, "body", err)
	}
	if err := op.body.VisitJSON(value, openapi3.VisitAsRequest()); err != nil {
		return invalid(op.id, "body", err)
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
