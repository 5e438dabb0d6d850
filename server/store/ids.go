package store

import (
	"strings"

	"github.com/specfirst/intune-assignments/internal/odata"
)

// idKey is the key an id is found by. Ids keep the case they were given,
// but Graph compares GUIDs case-insensitively: a client that reads an id
// from one tool and types it into another in upper case still finds the
// assignment. Other ids, such as a configuration's
// "<guid>_DefaultPlatformRestrictions", compare exactly. $filter applies
// the same rule (odata.IsGUID).
func idKey(id string) string {
	if !odata.IsGUID(id) || strings.ToLower(id) == id {
		return id
	}
	return strings.ToLower(id)
}
