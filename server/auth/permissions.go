package auth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// appPermissionEquivalents lists, per permission the spec names, the other
// application permissions that the current Graph pages also accept for an
// app-only token: List and Get take DeviceManagementConfiguration.Read.All
// wherever they take DeviceManagementServiceConfig.Read.All.
var appPermissionEquivalents = map[string][]string{
	"DeviceManagementServiceConfig.Read.All": {"DeviceManagementConfiguration.Read.All"},
}

// Authorize checks a verified token against an operation's security
// requirements, which the spec lists as alternatives: the token must grant
// every permission of one of them. An operation that asks for permissions
// is one of these endpoints, which take neither personal accounts nor
// (unless allowed) application permissions; one that asks for none, such
// as the batch that carries other requests, takes any valid token. The
// refusal is 403 and says what would have been enough.
func (a *Authenticator) Authorize(claims *Claims, alternatives [][]string) *graphhttp.Error {
	if !asksForPermissions(alternatives) {
		return nil
	}
	if strings.EqualFold(claims.TenantID, PersonalAccountTenantID) {
		return forbidden("Personal Microsoft accounts are not supported by this API; use a work or school account.")
	}
	appOnly := claims.AppOnly()
	if appOnly && !a.allowAppPermissions {
		return forbidden("Application permissions are not supported by this API; use a delegated token of a work or school account.")
	}
	granted := claims.Scopes()
	if appOnly {
		granted = claims.Roles
	}
	for _, want := range alternatives {
		if grantsAll(granted, want, appOnly) {
			return nil
		}
	}
	return forbidden(permissionMessage(alternatives, appOnly))
}

// asksForPermissions reports whether any alternative names a permission.
func asksForPermissions(alternatives [][]string) bool {
	for _, want := range alternatives {
		if len(want) > 0 {
			return true
		}
	}
	return false
}

// grantsAll reports whether granted includes every permission of want (or,
// for an app-only token, one of its application equivalents).
func grantsAll(granted, want []string, appOnly bool) bool {
	for _, w := range want {
		if !grants(granted, w, appOnly) {
			return false
		}
	}
	return true
}

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
func permissionMessage(alternatives [][]string, appOnly bool) string {
	kind := "scope"
	var options []string
	for _, want := range alternatives {
		options = append(options, strings.Join(want, " and "))
		if appOnly {
			kind = "role"
			for _, w := range want {
				options = append(options, appPermissionEquivalents[w]...)
			}
		}
	}
	return fmt.Sprintf("Missing %s permissions on the request. API requires one of: %s.", kind, strings.Join(options, ", "))
}
