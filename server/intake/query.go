package intake

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// checkParameters checks the query string and the path parameters against
// the operation. An OData system query option (a name starting with '$')
// that the operation does not declare is refused, as Graph does, rather than
// ignored: a caller that sends $filter or $expand must learn that the result
// is not filtered or expanded. Other unknown parameters are left alone. A
// declared parameter given twice is refused, since only one value can
// apply. The values are validated against their schemas with kin-openapi.
//
// OData system query options may be written without their '$' and in any
// case, as Graph's beta endpoint accepts them: they are renamed to their
// canonical form first, in the map that echo and the generated handler read.
func (op *Operation) checkParameters(c echo.Context) *graphhttp.Error {
	// Without a query string there is nothing to rename or refuse, and no
	// map to parse it into: kin-openapi parses the empty one itself if a
	// parameter needs it.
	var query url.Values
	if c.Request().URL.RawQuery != "" {
		query = c.QueryParams()
		canonicalOptionNames(query)
	}
	var unsupported []string
	for name, values := range query {
		switch {
		case op.query[name] && len(values) > 1:
			ae := graphhttp.New(http.StatusBadRequest, fmt.Sprintf("The query option '%s' is given %d times; give it once.", name, len(values)))
			ae.Target = name
			return ae
		case strings.HasPrefix(name, "$") && !op.query[name]:
			unsupported = append(unsupported, name)
		}
	}
	if len(unsupported) > 0 {
		slices.Sort(unsupported)
		name := unsupported[0]
		why := unsupportedOptions[name]
		ae := graphhttp.New(http.StatusBadRequest,
			fmt.Sprintf("Query option '%s' is not supported%s. %s", name, why, op.supported))
		ae.Target = name
		return ae
	}
	var input *openapi3filter.RequestValidationInput
	for i, p := range op.params {
		if absentAndFree(p.Value, query) || op.plainPath[i] && c.Param(p.Value.Name) != "" {
			continue
		}
		if input == nil {
			input = &openapi3filter.RequestValidationInput{
				Request:     c.Request(),
				PathParams:  pathParams(c),
				QueryParams: query,
			}
		}
		if err := openapi3filter.ValidateParameter(c.Request().Context(), input, p.Value); err != nil {
			var re *openapi3filter.RequestError
			if errors.As(err, &re) && re.Parameter != nil {
				return parameterError(re)
			}
			return graphhttp.New(http.StatusBadRequest, "The request's parameters are invalid.").WithCause(err)
		}
	}
	return nil
}

// pathParams are the request's path parameters as echo matched them,
// unescaped as kin-openapi expects them. echo matches the escaped path
// (and so leaves the values escaped) only when the URL has one that differs.
func pathParams(c echo.Context) map[string]string {
	names, values := c.ParamNames(), c.ParamValues()
	escaped := c.Request().URL.RawPath != ""
	params := make(map[string]string, len(names))
	for i, name := range names {
		v := values[i]
		if escaped {
			if u, err := url.PathUnescape(v); err == nil {
				v = u
			}
		}
		params[name] = v
	}
	return params
}

// plainPathString reports whether p is a path parameter whose schema asks
// for nothing but a string of at least one character, with no other
// constraint: kin-openapi accepts every value echo can match for it but
// the empty one.
func plainPathString(p *openapi3.Parameter) bool {
	if p == nil || p.In != openapi3.ParameterInPath || p.Content != nil || p.Schema == nil || p.Schema.Value == nil {
		return false
	}
	s := *p.Schema.Value
	if !s.Type.Is(openapi3.TypeString) || s.MinLength > 1 || len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0 {
		return false
	}
	s.Type, s.MinLength = nil, 0
	return s.IsEmpty()
}

// absentAndFree reports whether p is an optional query parameter without a
// default that the request leaves out: kin-openapi would find nothing to
// check.
func absentAndFree(p *openapi3.Parameter, query url.Values) bool {
	if p.In != openapi3.ParameterInQuery || p.Required || (p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Default != nil) {
		return false
	}
	_, present := query[p.Name]
	return !present
}

// systemOptions are OData's system query options, by their name in lower
// case without the '$'.
var systemOptions = map[string]bool{
	"select": true, "filter": true, "orderby": true, "count": true, "top": true, "skip": true,
	"expand": true, "search": true, "format": true, "skiptoken": true, "deltatoken": true,
	"apply": true, "compute": true, "index": true, "levels": true, "schemaversion": true,
}

// unsupportedOptions say why an option that Graph pages list is refused.
var unsupportedOptions = map[string]string{
	"$expand": ": an enrollmentConfigurationAssignment has no navigation properties to expand",
	"$search": " on enrollmentConfigurationAssignments; use $filter",
}

// canonicalOptionNames renames each system query option to '$' and its
// name in lower case: top=5 and $TOP=5 both become $top=5. Values given
// under several spellings are gathered under one name, so that an option
// given twice is seen as such. Other parameters keep their names.
func canonicalOptionNames(query url.Values) {
	var renames [][2]string
	for name := range query {
		bare := strings.ToLower(strings.TrimPrefix(name, "$"))
		if systemOptions[bare] && name != "$"+bare {
			renames = append(renames, [2]string{name, "$" + bare})
		}
	}
	// In a fixed order, so that the values of an option given twice are
	// listed the same way every time.
	slices.SortFunc(renames, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	for _, r := range renames {
		query[r[1]] = append(query[r[1]], query[r[0]]...)
		delete(query, r[0])
	}
}
