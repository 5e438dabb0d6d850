package intake

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// parameterError words an invalid query or path parameter.
func parameterError(re *openapi3filter.RequestError) *graphhttp.Error {
	p := re.Parameter
	ae := graphhttp.New(http.StatusBadRequest, "")
	ae.Target = p.Name
	ae.Cause = re
	var se *openapi3.SchemaError
	switch {
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		ae.Message = fmt.Sprintf("The %s parameter %q is required.", p.In, p.Name)
	case errors.As(re.Err, &se):
		ae.Message = fmt.Sprintf("The %s parameter %q %s.", p.In, p.Name, ruleText(se))
	default:
		// A value that does not parse as the parameter's type.
		var schema *openapi3.Schema
		if p.Schema != nil {
			schema = p.Schema.Value
		}
		ae.Message = fmt.Sprintf("The %s parameter %q must be %s.", p.In, p.Name, typeName(schema))
		if errors.Is(re.Err, strconv.ErrRange) {
			// An integer too large for its format: say the bound.
			ae.Message = fmt.Sprintf("The %s parameter %q %s.", p.In, p.Name, rangeText(schema))
		}
	}
	return ae
}

// rangeText words the bounds of a numeric schema.
func rangeText(schema *openapi3.Schema) string {
	switch {
	case schema != nil && schema.Min != nil && schema.Max != nil:
		return "must be at least " + strconv.FormatFloat(*schema.Min, 'f', -1, 64) + " and at most " + strconv.FormatFloat(*schema.Max, 'f', -1, 64)
	case schema != nil && schema.Max != nil:
		return "must be at most " + strconv.FormatFloat(*schema.Max, 'f', -1, 64)
	}
	return "is out of range"
}

// ruleText words the rule a value broke, to follow the value's name. Only
// reasons of known rules are passed on; kin-openapi words them without the
// value and without Go terms. Other reasons can name Go types, so they are
// summed up instead.
func ruleText(se *openapi3.SchemaError) string {
	switch se.SchemaField {
	case "type":
		return "must be " + typeName(se.Schema)
	case "nullable":
		return "must not be null"
	case "enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum",
		"exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
		"minProperties", "maxProperties":
		// "value is not one of the allowed values [...]",
		// "minimum string length is 1", "number must be at least 1".
		if rest, ok := strings.CutPrefix(se.Reason, "value "); ok {
			return rest
		}
		return "is invalid: " + se.Reason
	}
	return "has an invalid value"
}

// typeName is "a string", "an integer", ... for the type of schema.
func typeName(schema *openapi3.Schema) string {
	if schema == nil || schema.Type == nil || len(schema.Type.Slice()) == 0 {
		return "of another type"
	}
	switch t := schema.Type.Slice()[0]; t {
	case openapi3.TypeInteger, openapi3.TypeObject, openapi3.TypeArray:
		return "an " + t
	default:
		return "a " + t
	}
}

// schemaError words a body that broke the operation's schema. kin-openapi's
// own messages embed the whole schema and value; the client gets one
// sentence naming the property instead, and the property's path in
// error.target. A body whose target failed its oneOf arrives as a
// MultiError holding the failure inside the variant the discriminator
// chose.
func schemaError(err error) *graphhttp.Error {
	cause := err
	if me, ok := err.(openapi3.MultiError); ok && len(me) > 0 {
		cause = me[0]
	}
	ae := graphhttp.New(http.StatusBadRequest, "The request body is invalid.").WithCause(err)
	if se := (*openapi3.SchemaError)(nil); errors.As(cause, &se) {
		ae.Message, ae.Target = schemaErrorMessage(se)
	}
	return ae
}

// schemaErrorMessage words the innermost schema violation: a oneOf failure
// of the target stands for the error inside the variant the discriminator
// chose, which is the one that names the property.
func schemaErrorMessage(se *openapi3.SchemaError) (message, target string) {
	for se.Origin != nil {
		var inner *openapi3.SchemaError
		if !errors.As(se.Origin, &inner) {
			break
		}
		se = inner
	}
	path := se.JSONPointer()
	if msg, ok := specMessage(se); ok {
		return msg, propertyPath(path)
	}
	subject := "the body"
	if len(path) > 0 {
		subject = fmt.Sprintf("property %q", propertyPath(path))
	}
	const prefix = "Request body has an error: "
	switch se.SchemaField {
	case "required":
		// The path already ends with the missing property.
		return prefix + subject + " is missing.", propertyPath(path)
	case "additionalProperties", "properties":
		if names := unsupportedProperties(se); len(names) > 0 {
			full := make([]string, len(names))
			for i, n := range names {
				full[i] = propertyPath(append(slices.Clone(path), n))
			}
			if len(full) == 1 {
				return fmt.Sprintf("%sproperty %q is unsupported.", prefix, full[0]), full[0]
			}
			return fmt.Sprintf("%s%d properties are unsupported: %s.", prefix, len(full), quoteSome(full)), full[0]
		}
	case "discriminator":
		dpath := propertyPath(append(slices.Clone(path), discriminatorName(se)))
		if se.Value == nil {
			return fmt.Sprintf("%sproperty %q is missing.", prefix, dpath), dpath
		}
		if name, ok := se.Value.(string); ok {
			return fmt.Sprintf("%sproperty %q has the unknown type %q.", prefix, dpath, name), dpath
		}
		return fmt.Sprintf("%sproperty %q must be a string naming the type.", prefix, dpath), dpath
	}
	return prefix + subject + " " + ruleText(se) + ".", propertyPath(path)
}

// specMessage is the message the spec gives for the rule se broke, in the
// schema's x-error-messages (by rule: maxItems, ...): Graph's own words
// where a client may look for them.
func specMessage(se *openapi3.SchemaError) (string, bool) {
	if se.Schema == nil {
		return "", false
	}
	messages, _ := se.Schema.Extensions["x-error-messages"].(map[string]any)
	msg, ok := messages[se.SchemaField].(string)
	return msg, ok && msg != ""
}

// unsupportedProperties lists, sorted, the members of the failing object
// that its schema does not define.
func unsupportedProperties(se *openapi3.SchemaError) []string {
	obj, ok := se.Value.(map[string]any)
	if !ok || se.Schema == nil {
		return nil
	}
	var names []string
	for name := range obj {
		if _, defined := se.Schema.Properties[name]; !defined {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// discriminatorName is the discriminator property of the failing schema.
func discriminatorName(se *openapi3.SchemaError) string {
	if se.Schema != nil && se.Schema.Discriminator != nil {
		return se.Schema.Discriminator.PropertyName
	}
	return "@odata.type"
}

// propertyPath writes a JSON pointer as a property path:
// enrollmentConfigurationAssignments[0].target.groupId.
func propertyPath(pointer []string) string {
	var b strings.Builder
	for _, seg := range pointer {
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// maxNamedProperties bounds how many offending properties a message names,
// so that a body of thousands of them gets a short answer.
const maxNamedProperties = 5

// quoteSome quotes the first maxNamedProperties names and counts the rest.
func quoteSome(names []string) string {
	shown := names[:min(len(names), maxNamedProperties)]
	quoted := make([]string, len(shown))
	for i, n := range shown {
		quoted[i] = strconv.Quote(n)
	}
	out := strings.Join(quoted, ", ")
	if rest := len(names) - len(shown); rest > 0 {
		out += fmt.Sprintf(" and %d more", rest)
	}
	return out
}
