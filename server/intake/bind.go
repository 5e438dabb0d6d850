package intake

import (
	"net/http"

	"github.com/go-json-experiment/json"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// Binder is the echo binder of the emulator: it binds a request body that
// the intake has read, decoded and validated, and nothing else. The
// generated strict handlers call it for every operation with a body (echo
// calls it for nothing else), so that path and query parameters, which the
// generated wrappers bind themselves, are never bound into a body.
//
// A validated body is decoded into the handler's type from the bytes the
// intake validated, with encoding/json/v2 semantics: member names match
// exactly, as the spec writes them, so that {"ID": "x"} cannot set id the
// way encoding/json's case-insensitive match would; a name twice and
// invalid UTF-8 were refused already. This costs a few allocations where
// oapi-codegen's runtime.BindJSONValue, binding the validated generic
// value instead, encodes each union (the polymorphic target) to JSON again
// before decoding it: half the allocations of a create.
type Binder struct{}

var _ echo.Binder = Binder{}

// Bind implements echo.Binder.
func (Binder) Bind(i any, c echo.Context) error {
	vb, ok := c.Request().Body.(*validatedBody)
	if !ok {
		// No body (the intake leaves an empty optional one as it is), or a
		// route the intake does not guard.
		return (&echo.DefaultBinder{}).BindBody(c, i)
	}
	if err := json.Unmarshal(vb.data, i); err != nil {
		// Only a Go type that does not follow its own schema gets here.
		return graphhttp.New(http.StatusBadRequest, "The request body does not match the operation's type.").WithCause(err)
	}
	return nil
}
