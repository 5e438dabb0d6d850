package specgate

import (
	"cmp"
	"fmt"
	"regexp"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// Version is the precedence part of a semantic version. Prerelease and
// build metadata are accepted and ignored, as oasdiff's versioning checks
// ignore them: the rule only asks which number moved.
type Version struct {
	Major, Minor, Patch int
}

// semverPattern is semver.org's grammar with an optional leading "v", the
// one oasdiff's versioning checks accept.
var semverPattern = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// ParseVersion parses a semantic version such as 1.2.3 or v2.0.0-rc.1.
func ParseVersion(s string) (Version, error) {
	m := semverPattern.FindStringSubmatch(s)
	if m == nil {
		return Version{}, fmt.Errorf("%q is not a semantic version (MAJOR.MINOR.PATCH)", s)
	}
	var v Version
	for i, p := range []*int{&v.Major, &v.Minor, &v.Patch} {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return Version{}, fmt.Errorf("%q: %w", s, err)
		}
		*p = n
	}
	return v, nil
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Compare returns -1, 0 or +1 as v is lower than, equal to or higher than w.
func (v Version) Compare(w Version) int {
	return cmp.Or(cmp.Compare(v.Major, w.Major), cmp.Compare(v.Minor, w.Minor), cmp.Compare(v.Patch, w.Patch))
}

// Change is how much a spec changed, as far as its version is concerned.
type Change int

const (
	// NoChange: nothing a client can see (descriptions and examples are
	// not in oasdiff's changelog).
	NoChange Change = iota
	// Additive: a change that clients of the base keep working with.
	Additive
	// Breaking: a change at oasdiff's error level.
	Breaking
)

func (c Change) String() string {
	return [...]string{"no API change", "an additive change", "a breaking change"}[c]
}

// Least returns the lowest version after base that may carry change: a
// major bump for a breaking change, a minor one for an additive change.
// Below 1.0.0 each moves down one place, as semver gives the minor version
// the major's role there ("anything may change"), and as oasdiff's
// versioning checks do.
func Least(base Version, change Change) Version {
	major := base.Major > 0
	switch {
	case change == Breaking && major:
		return Version{Major: base.Major + 1}
	case change == Breaking, change == Additive && major:
		return Version{Major: base.Major, Minor: base.Minor + 1}
	case change == Additive:
		return Version{Minor: base.Minor, Patch: base.Patch + 1}
	}
	return base
}

// InfoVersion returns a spec's info.version, which must be semantic.
func InfoVersion(s Spec) (Version, error) {
	doc, err := openapi3.NewLoader().LoadFromData(s.Data)
	if err != nil {
		return Version{}, fmt.Errorf("load %s: %w", s.Source, err)
	}
	if doc.Info == nil {
		return Version{}, fmt.Errorf("%s has no info", s.Source)
	}
	v, err := ParseVersion(doc.Info.Version)
	if err != nil {
		return Version{}, fmt.Errorf("%s: info.version: %w", s.Source, err)
	}
	return v, nil
}
