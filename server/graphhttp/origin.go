package graphhttp

import "github.com/labstack/echo/v4"

// Origin is the scheme and authority the client called, e.g.
// https://127.0.0.1:8443, as the API root of the request's links begins:
// for the URLs that the authority's documents point back to.
func Origin(c echo.Context) string {
	return c.Scheme() + "://" + host(c.Request())
}
