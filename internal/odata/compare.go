package odata

import "strings"

// IsGUID tells whether s has the shape of a GUID: 8-4-4-4-12 hexadecimal
// digits, either case. Graph compares such ids case-insensitively, and
// every other id exactly.
func IsGUID(s string) bool {
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
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// equalValues is string equality as Graph applies it to ids: exact, except
// that two GUIDs are equal whatever the case of their letters.
func equalValues(a, b string) bool {
	if a == b {
		return true
	}
	return IsGUID(a) && IsGUID(b) && strings.EqualFold(a, b)
}

// compareValues orders two strings by ordinal, with GUID-shaped strings
// lowercased first. Lowercasing each GUID on its own, rather than only
// when both are GUIDs, keeps the order transitive when GUIDs and other
// strings are mixed, and agrees with equalValues.
func compareValues(a, b string) int {
	ga, gb := IsGUID(a), IsGUID(b)
	if !ga && !gb {
		return strings.Compare(a, b)
	}
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := a[i], b[i]
		if ga {
			ca = lower(ca)
		}
		if gb {
			cb = lower(cb)
		}
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
