package intake

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// knownStrings are the strings a request body is likely to hold, each
// once: the property names of the request schemas and the string values
// of their enums (the @odata.type names, the sources). decodeJSON returns
// these shared strings rather than a copy of each in every body, and a
// value among them already boxed in an interface, as the decoded body
// holds it.
type knownStrings map[string]knownString

type knownString struct {
	s   string
	any any // s
}

func (k knownStrings) put(s string) { k[s] = knownString{s, s} }

// add walks s and every schema below it.
func (k knownStrings) add(s *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if s == nil || s.Value == nil || seen[s.Value] {
		return
	}
	v := s.Value
	seen[v] = true
	for name, p := range v.Properties {
		k.put(name)
		k.add(p, seen)
	}
	for _, e := range v.Enum {
		if str, ok := e.(string); ok {
			k.put(str)
		}
	}
	for _, refs := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
		for _, r := range refs {
			k.add(r, seen)
		}
	}
	k.add(v.Items, seen)
	k.add(v.AdditionalProperties.Schema, seen)
	k.add(v.Not, seen)
}

// get returns the known string equal to b, or a new one, as a string and
// as an interface; the lookup does not copy b.
func (k knownStrings) get(b []byte) knownString {
	if s, ok := k[string(b)]; ok {
		return s
	}
	s := string(b)
	return knownString{s, s}
}
