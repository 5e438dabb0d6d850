package intake

import (
	"maps"

	"github.com/getkin/kin-openapi/openapi3"
)

// requestSchema is the schema a request body is validated against: the
// spec's, with each allOf that only makes some of a schema's properties
// required merged into that schema. kin-openapi validates an allOf by
// validating the value against each part in turn, copying it for each; a
// new assignment, the entity plus a required target, would have its body
// copied and its polymorphic target validated once per part. The merged
// schema accepts and refuses exactly the same bodies, with the same
// messages (TestRequestSchemaJudgesAsTheSpec).
func requestSchema(ref *openapi3.SchemaRef) *openapi3.SchemaRef {
	merged, _ := mergeRequired(ref, map[*openapi3.Schema]*openapi3.SchemaRef{})
	return merged
}

// bodySchema is a request body's schema, prepared for validation.
type bodySchema struct {
	schema *openapi3.Schema
	// opts are the validation options. openapi3.VisitAsRequest only when a
	// property below the schema is readOnly or writeOnly: that is all a
	// request's validation judges differently, as the emulator sets no
	// defaults into bodies. Without it kin-openapi neither copies a
	// polymorphic value for each oneOf branch it tries nor visits the
	// matching branch a second time, a third of its cost per create.
	opts []openapi3.SchemaValidationOption
}

func newBodySchema(ref *openapi3.SchemaRef) bodySchema {
	b := bodySchema{schema: requestSchema(ref).Value}
	if readOrWriteOnly(ref, map[*openapi3.Schema]bool{}) {
		b.opts = []openapi3.SchemaValidationOption{openapi3.VisitAsRequest()}
	}
	return b
}

// validate judges a decoded body as openapi3filter would a request's.
func (b bodySchema) validate(value any) error {
	return b.schema.VisitJSON(value, b.opts...)
}

// readOrWriteOnly reports whether ref or a schema below it, through any
// keyword kin-openapi validates with, is readOnly or writeOnly.
func readOrWriteOnly(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) bool {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return false
	}
	s := ref.Value
	seen[s] = true
	if s.ReadOnly || s.WriteOnly {
		return true
	}
	below := []*openapi3.SchemaRef{s.Not, s.Items, s.AdditionalProperties.Schema, s.Contains,
		s.PropertyNames, s.If, s.Then, s.Else}
	for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf, s.PrefixItems} {
		below = append(below, refs...)
	}
	for _, schemas := range []openapi3.Schemas{s.Properties, s.PatternProperties, s.DependentSchemas, s.Defs} {
		for _, r := range schemas {
			below = append(below, r)
		}
	}
	for _, r := range below {
		if readOrWriteOnly(r, seen) {
			return true
		}
	}
	return false
}

// mergeRequired returns ref with the merge applied below it, and whether
// anything changed; what did not change is returned as it is, shared.
func mergeRequired(ref *openapi3.SchemaRef, done map[*openapi3.Schema]*openapi3.SchemaRef) (*openapi3.SchemaRef, bool) {
	if ref == nil || ref.Value == nil {
		return ref, false
	}
	if out, ok := done[ref.Value]; ok {
		return out, out != ref
	}
	done[ref.Value] = ref // a cycle reads the schema as it is
	s := ref.Value
	if base, required, ok := requiredOnly(s); ok {
		merged, _ := mergeRequired(base, done)
		v := *merged.Value
		v.Required = append(append([]string{}, v.Required...), required...)
		out := &openapi3.SchemaRef{Ref: ref.Ref, Value: &v}
		done[s] = out
		return out, true
	}
	v := *s
	changed := false
	each := func(refs openapi3.SchemaRefs) openapi3.SchemaRefs {
		var out openapi3.SchemaRefs
		for i, r := range refs {
			if m, ok := mergeRequired(r, done); ok {
				if out == nil {
					out = append(openapi3.SchemaRefs{}, refs...)
				}
				out[i], changed = m, true
			}
		}
		if out == nil {
			return refs
		}
		return out
	}
	v.OneOf, v.AnyOf, v.AllOf = each(v.OneOf), each(v.AnyOf), each(v.AllOf)
	if m, ok := mergeRequired(v.Items, done); ok {
		v.Items, changed = m, true
	}
	cloned := false
	for name, p := range s.Properties {
		if m, ok := mergeRequired(p, done); ok {
			if !cloned {
				v.Properties, cloned = maps.Clone(s.Properties), true
			}
			v.Properties[name], changed = m, true
		}
	}
	if !changed {
		return ref, false
	}
	out := &openapi3.SchemaRef{Ref: ref.Ref, Value: &v}
	done[s] = out
	return out, true
}

// requiredOnly recognizes allOf: [base, {required: [...], properties:
// {name: {}}}]: a base schema and parts that add nothing but required
// names, with empty schemas for them (so that generated types require
// them too).
func requiredOnly(s *openapi3.Schema) (*openapi3.SchemaRef, []string, bool) {
	if len(s.AllOf) < 2 || len(s.Properties) > 0 || s.Items != nil || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return nil, nil, false
	}
	base := s.AllOf[0]
	var required []string
	for _, part := range s.AllOf[1:] {
		p := part.Value
		if p == nil || len(p.Required) == 0 || len(p.AllOf)+len(p.OneOf)+len(p.AnyOf) > 0 || p.Items != nil || p.AdditionalProperties.Has != nil || p.AdditionalProperties.Schema != nil {
			return nil, nil, false
		}
		for _, prop := range p.Properties {
			if prop.Value == nil || !prop.Value.IsEmpty() {
				return nil, nil, false
			}
		}
		required = append(required, p.Required...)
	}
	return base, required, true
}
