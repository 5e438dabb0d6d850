package intake

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Operation is what the request pipeline knows of one operation of the
// spec, prepared once at start-up. echo's route says which operation a
// request is for; nothing routes it a second time.
type Operation struct {
	id string
	// params are the path item's parameters and the operation's own.
	params openapi3.Parameters
	// plainPath marks the params that plainPathString accepts.
	plainPath []bool
	// query holds the names of the declared query parameters.
	query map[string]bool
	// supported words the declared query options for error messages.
	supported string
	// body is the request body, or nil when the operation takes none.
	body *openapi3.RequestBody
	// bodySchemas are the schemas of the body's media types, as
	// newBodySchema prepares them for validation.
	bodySchemas map[*openapi3.MediaType]bodySchema
	// known are the strings of the request schemas (see knownStrings),
	// shared by every operation.
	known knownStrings
	// permissions are the alternative sets of permissions that grant the
	// operation; a token must hold every permission of one set.
	permissions [][]string
}

// NewOperations prepares every operation of doc, by operationId.
func NewOperations(doc *openapi3.T) (map[string]*Operation, error) {
	ops := map[string]*Operation{}
	known, seen := knownStrings{}, map[*openapi3.Schema]bool{}
	for _, o := range specdoc.Operations(doc) {
		if o.OperationID == "" {
			return nil, fmt.Errorf("%s %s has no operationId", o.Method, o.Path)
		}
		op := &Operation{id: o.OperationID, params: o.Parameters(), query: map[string]bool{}}
		var names []string
		for _, p := range op.params {
			op.plainPath = append(op.plainPath, plainPathString(p.Value))
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				op.query[p.Value.Name] = true
				names = append(names, p.Value.Name)
			}
		}
		slices.Sort(names)
		op.supported = "This Operation supports no query options."
		if len(names) > 0 {
			op.supported = "This Operation supports " + strings.Join(names, ", ") + "."
		}
		if o.RequestBody != nil {
			op.body = o.RequestBody.Value
			op.bodySchemas = map[*openapi3.MediaType]bodySchema{}
			for _, media := range op.body.Content {
				if media.Schema != nil {
					op.bodySchemas[media] = newBodySchema(media.Schema)
					known.add(media.Schema, seen)
				}
			}
		}
		op.known = known
		op.permissions = o.Scopes()
		ops[op.id] = op
	}
	return ops, nil
}
