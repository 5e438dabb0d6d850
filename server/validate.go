package server

import (
	"errors"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
	echomiddleware "github.com/oapi-codegen/echo-middleware"
)

// newValidator returns the middleware that validates every request against
// the spec: parameters, body (Content-Type included) and the operation's
// permissions. doc is not changed.
//
// The spec's paths are relative to the Graph version root, so the router
// gets one relative server, the base path, and matches any host.
// KeepValidatedValue hands the validated body to the strict handler, which
// binds that value instead of decoding the body again with echo's
// case-insensitive binder.
func newValidator(doc *openapi3.T, basePath string) echo.MiddlewareFunc {
	local := *doc
	local.Servers = nil
	if basePath != "" {
		local.Servers = openapi3.Servers{{URL: basePath}}
	}
	return echomiddleware.OapiRequestValidatorWithOptions(&local, &echomiddleware.Options{
		Options: openapi3filter.Options{
			AuthenticationFunc: checkPermissions,
			KeepValidatedValue: true,
		},
		SilenceServersWarning: true,
		ErrorHandler: func(c echo.Context, err *echo.HTTPError) error {
			return validationError(c, err)
		},
		MultiErrorHandler: func(me openapi3.MultiError) *echo.HTTPError {
			return &echo.HTTPError{Code: http.StatusBadRequest, Message: me.Error(), Internal: me}
		},
	})
}

// validationError turns what the validator refused into the answer:
// a permission the token lacks is 403, a body that is not JSON 415,
// anything else wrong with the request 400, with a message that names the
// offending property or parameter.
func validationError(c echo.Context, he *echo.HTTPError) error {
	cause := he.Internal
	if cause == nil {
		// The validator's router found no operation (404) or method (405)
		// for a request that echo's router matched; answer as echo would.
		return toAPIError(he, c)
	}
	var se *openapi3filter.SecurityRequirementsError
	if errors.As(cause, &se) {
		for _, err := range se.Errors {
			if mp := (*missingPermissionError)(nil); !errors.As(err, &mp) {
				return internalError(se)
			}
		}
		return forbidden(permissionMessage(se)).withCause(se)
	}
	// echo-middleware hands any error with a MultiError in its chain to the
	// MultiErrorHandler, which includes a body whose target failed its
	// oneOf: what arrives then is the failure inside the chosen variant, a
	// SchemaError whose path starts at the body's root.
	if me, ok := cause.(openapi3.MultiError); ok && len(me) > 0 {
		cause = me[0]
	}
	var re *openapi3filter.RequestError
	if errors.As(cause, &re) {
		return requestErrorToAPIError(re)
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(cause, &schemaErr) {
		ae := newAPIError(http.StatusBadRequest, "")
		ae.message, ae.target = schemaErrorMessage(schemaErr)
		return ae.withCause(cause)
	}
	return internalError(cause)
}
