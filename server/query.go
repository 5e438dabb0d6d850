package server

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
)

// checkParameters checks the query string and the path parameters against
// the operation. An OData system query option (a name starting with '$')
// that the operation does not declare is refused, as Graph does, rather than
// ignored: a caller that sends $filter or $expand must learn that the result
// is not filtered or expanded. Other unknown parameters are left alone. A
// declared parameter given twice is refused, since only one value can
// apply. The values are validated against their schemas with kin-openapi.
func (op *operation) checkParameters(c echo.Context) *apiError {
	query := c.QueryParams()
	var unsupported []string
	for name, values := range query {
		switch {
		case op.query[name] && len(values) > 1:
			ae := newAPIError(http.StatusBadRequest, fmt.Sprintf("The query option '%s' is given %d times; give it once.", name, len(values)))
			ae.target = name
			return ae
		case strings.HasPrefix(name, "$") && !op.query[name]:
			unsupported = append(unsupported, name)
		}
	}
	if len(unsupported) > 0 {
		slices.Sort(unsupported)
		ae := newAPIError(http.StatusBadRequest,
			fmt.Sprintf("Query option '%s' is not supported. %s", unsupported[0], op.supported))
		ae.target = unsupported[0]
		return ae
	}
	input := &openapi3filter.RequestValidationInput{
		Request:     c.Request(),
		PathParams:  pathParams(c),
		QueryParams: query,
	}
	for _, p := range op.params {
		if absentAndFree(p.Value, query) {
			continue
		}
		if err := openapi3filter.ValidateParameter(c.Request().Context(), input, p.Value); err != nil {
			var re *openapi3filter.RequestError
			if errors.As(err, &re) && re.Parameter != nil {
				return parameterError(re)
			}
			return newAPIError(http.StatusBadRequest, "The request's parameters are invalid.").withCause(err)
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
