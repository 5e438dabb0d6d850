package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
	echomiddleware "github.com/oapi-codegen/echo-middleware"
)

// appPermissionEquivalents lists, per permission the spec names, the other
// application permissions that the current Graph pages also accept for an
// app-only token: List and Get take DeviceManagementConfiguration.Read.All
// wherever they take DeviceManagementServiceConfig.Read.All.
var appPermissionEquivalents = map[string][]string{
	"DeviceManagementServiceConfig.Read.All": {"DeviceManagementConfiguration.Read.All"},
}

// missingPermissionError is how the permission check refuses one of the
// operation's security requirements.
type missingPermissionError struct {
	appOnly bool     // checked against roles, not scp
	want    []string // the permissions of the requirement
}

func (e *missingPermissionError) Error() string {
	return fmt.Sprintf("token lacks %s", strings.Join(e.want, " and "))
}

// checkPermissions is the validator's AuthenticationFunc. kin-openapi calls
// it once per security requirement of the operation (they are
// alternatives) with that requirement's scopes; the token must grant all of
// them. The token itself was verified by the authenticate middleware, which
// left its claims in the echo context.
func checkPermissions(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
	c := echomiddleware.GetEchoContext(ctx)
	if c == nil {
		return errors.New("permission check outside an echo request")
	}
	claims, ok := c.Get(claimsKey).(*Claims)
	if !ok {
		return errors.New("permission check before authentication")
	}
	granted := claims.Scopes()
	if claims.AppOnly() {
		granted = claims.Roles
	}
	for _, want := range in.Scopes {
		if grants(granted, want, claims.AppOnly()) {
			continue
		}
		return &missingPermissionError{appOnly: claims.AppOnly(), want: in.Scopes}
	}
	return nil
}

// grants reports whether the granted permissions include want (or, for an
// app-only token, one of its application equivalents).
func grants(granted []string, want string, appOnly bool) bool {
	if slices.Contains(granted, want) {
		return true
	}
	if appOnly {
		for _, alt := range appPermissionEquivalents[want] {
			if slices.Contains(granted, alt) {
				return true
			}
		}
	}
	return false
}

// permissionMessage words a refused permission check the way Graph does,
// listing the permissions that would have been enough.
func permissionMessage(se *openapi3filter.SecurityRequirementsError) string {
	var options []string
	kind := "scope"
	for _, err := range se.Errors {
		var mp *missingPermissionError
		if !errors.As(err, &mp) {
			continue
		}
		if mp.appOnly {
			kind = "role"
		}
		options = append(options, strings.Join(mp.want, " and "))
		if mp.appOnly {
			for _, w := range mp.want {
				options = append(options, appPermissionEquivalents[w]...)
			}
		}
	}
	if len(options) == 0 {
		return "The access token does not grant the permission this operation needs."
	}
	return fmt.Sprintf("Missing %s permissions on the request. API requires one of: %s.", kind, strings.Join(options, ", "))
}
