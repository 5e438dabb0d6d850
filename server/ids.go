package server

import "strings"

// idKey is the key an id is found by. Ids keep the case they were given,
// but Graph compares GUIDs case-insensitively: a client that reads an id
// from one tool and types it into another in upper case still finds the
// assignment. Other ids, such as a configuration's
// "<guid>_DefaultPlatformRestrictions", compare exactly.
func idKey(id string) string {
	if !isGUID(id) || strings.ToLower(id) == id {
		return id
	}
	return strings.ToLower(id)
}

// isGUID reports whether s has a GUID's shape: 8-4-4-4-12 hex digits.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
