package specgate

import (
	"context"
	"fmt"
)

// CheckRule applies the versioning rule to rev against base: it classifies
// the changes oasdiff finds between them and checks info.version with
// CheckVersion. It returns the changes, for a report.
func (o Oasdiff) CheckRule(ctx context.Context, base, rev Spec) ([]Finding, error) {
	baseVer, err := InfoVersion(base)
	if err != nil {
		return nil, err
	}
	revVer, err := InfoVersion(rev)
	if err != nil {
		return nil, err
	}
	findings, err := o.Changes(ctx, base.Source, rev.Source, "")
	if err != nil {
		return nil, err
	}
	return findings, CheckVersion(baseVer, revVer, Classify(findings))
}

// CheckVersion applies the rule to info.version at the base and in the
// revision: a breaking change needs a major bump, an additive change at
// least a minor one, and no version may go backwards.
func CheckVersion(base, rev Version, change Change) error {
	if rev.Compare(base) < 0 {
		return fmt.Errorf("info.version went backwards, from %s to %s", base, rev)
	}
	if change == NoChange {
		return nil
	}
	want := Least(base, change)
	if rev.Compare(want) < 0 {
		return fmt.Errorf("%s needs info.version %s or higher (it is %s, and %s at the base)", change, want, rev, base)
	}
	return nil
}

// Classify tells how much the findings of oasdiff's changelog change the
// API: an error-level finding is breaking, any other finding additive.
// oasdiff's own findings about info.version are not changes.
func Classify(findings []Finding) Change {
	change := NoChange
	for _, f := range findings {
		switch {
		case f.IsVersioning():
		case f.Level >= LevelErr:
			return Breaking
		default:
			change = Additive
		}
	}
	return change
}
