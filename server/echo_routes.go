package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
)

// routesOnce registers the generated routes with their middlewares (each
// operation's guard, and resilience's around it) applied to the handler
// once, at start-up. Given them as route middlewares, echo would apply
// them to the handler again on every request, at an allocation each.
type routesOnce struct{ e *echo.Echo }

var _ gen.EchoRouter = routesOnce{}

func (r routesOnce) add(method, path string, h echo.HandlerFunc, m []echo.MiddlewareFunc) *echo.Route {
	// In echo's order: the first middleware is the outermost.
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return r.e.Add(method, path, h)
}

func (r routesOnce) CONNECT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodConnect, path, h, m)
}

func (r routesOnce) DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodDelete, path, h, m)
}

func (r routesOnce) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodGet, path, h, m)
}

func (r routesOnce) HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodHead, path, h, m)
}

func (r routesOnce) OPTIONS(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodOptions, path, h, m)
}

func (r routesOnce) PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPatch, path, h, m)
}

func (r routesOnce) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPost, path, h, m)
}

func (r routesOnce) PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPut, path, h, m)
}

func (r routesOnce) TRACE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodTrace, path, h, m)
}
