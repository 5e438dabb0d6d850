package server

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// rejectUnsupportedQueryOptions answers 400 to an OData system query option
// (a query parameter starting with '$') that the operation does not
// declare, as Graph does, rather than ignoring it: a caller that sends
// $filter or $expand must learn that the result is not filtered or
// expanded. Other query parameters are left alone.
func rejectUnsupportedQueryOptions(params openapi3.Parameters) echo.MiddlewareFunc {
	declared := map[string]bool{}
	var names []string
	for _, p := range params {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			declared[p.Value.Name] = true
			names = append(names, p.Value.Name)
		}
	}
	sort.Strings(names)
	supported := "This operation supports no query options."
	if len(names) > 0 {
		supported = "This operation supports " + strings.Join(names, ", ") + "."
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			var unsupported []string
			for name := range c.Request().URL.Query() {
				if strings.HasPrefix(name, "$") && !declared[name] {
					unsupported = append(unsupported, name)
				}
			}
			if len(unsupported) == 0 {
				return next(c)
			}
			sort.Strings(unsupported)
			ae := newAPIError(http.StatusBadRequest,
				fmt.Sprintf("Query option '%s' is not supported. %s", unsupported[0], supported))
			ae.target = unsupported[0]
			return ae
		}
	}
}
