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

// Authorize checks the token's permissions against an operation's
// security requirements, which the spec lists as alternatives: the token
// must grant every permission of one of them. The refusal is 403 and lists
// what would have been enough. No alternatives asks for nothing.
func Authorize(claims *Claims, alternatives [][]string) *graphhttp.Error {
	if len(alternatives) == 0 {
		return nil
	}
	appOnly := claims.AppOnly()
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
