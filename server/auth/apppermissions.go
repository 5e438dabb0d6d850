package auth

import "slices"

// ApplicationPermissions are the application permissions an app may be
// granted for the operations whose permissions the spec names (specNames):
// those, and the equivalents the current Graph pages accept for them.
func ApplicationPermissions(specNames []string) []string {
	var out []string
	for _, name := range specNames {
		for _, p := range append([]string{name}, appPermissionEquivalents[name]...) {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}
