package specgate_test

import (
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

// TestCheckVersion is the semantic-versioning rule: a breaking change needs
// a major bump, an additive change at least a minor one, and below 1.0.0
// each moves down one place.
func TestCheckVersion(t *testing.T) {
	tests := []struct {
		base, rev string
		change    specgate.Change
		ok        bool
	}{
		{"1.0.0", "1.0.0", specgate.NoChange, true},
		{"1.0.0", "1.0.1", specgate.NoChange, true},
		{"1.1.0", "1.0.9", specgate.NoChange, false},
		{"1.0.0", "1.0.0", specgate.Additive, false},
		{"1.0.0", "1.0.1", specgate.Additive, false},
		{"1.0.0", "1.1.0", specgate.Additive, true},
		{"1.4.2", "1.5.0", specgate.Additive, true},
		{"1.0.0", "2.0.0", specgate.Additive, true},
		{"1.0.0", "1.0.0", specgate.Breaking, false},
		{"1.0.0", "1.9.0", specgate.Breaking, false},
		{"1.4.2", "2.0.0", specgate.Breaking, true},
		{"2.0.0", "1.0.0", specgate.Breaking, false},
		{"0.3.1", "0.3.2", specgate.Additive, true},
		{"0.3.1", "0.3.1", specgate.Additive, false},
		{"0.3.1", "0.3.9", specgate.Breaking, false},
		{"0.3.1", "0.4.0", specgate.Breaking, true},
		{"0.3.1", "1.0.0", specgate.Breaking, true},
	}
	for _, tt := range tests {
		base, _ := specgate.ParseVersion(tt.base)
		rev, _ := specgate.ParseVersion(tt.rev)
		if err := specgate.CheckVersion(base, rev, tt.change); (err == nil) != tt.ok {
			t.Errorf("%s to %s with %s: err = %v, want ok = %v", tt.base, tt.rev, tt.change, err, tt.ok)
		}
	}
}

func TestClassify(t *testing.T) {
	info := specgate.Finding{ID: "api-version-not-bumped", Section: "info", Level: specgate.LevelErr}
	added := specgate.Finding{ID: "response-optional-property-added", Section: "paths", Level: specgate.LevelInfo}
	maybe := specgate.Finding{ID: "request-parameter-property-type-changed", Section: "paths", Level: specgate.LevelWarn}
	removed := specgate.Finding{ID: "response-optional-property-removed", Section: "paths", Level: specgate.LevelErr}
	for _, tt := range []struct {
		findings []specgate.Finding
		want     specgate.Change
	}{
		{nil, specgate.NoChange},
		{[]specgate.Finding{info}, specgate.NoChange},
		{[]specgate.Finding{added}, specgate.Additive},
		{[]specgate.Finding{maybe}, specgate.Additive},
		{[]specgate.Finding{added, removed, info}, specgate.Breaking},
	} {
		if got := specgate.Classify(tt.findings); got != tt.want {
			t.Errorf("Classify(%v) = %s, want %s", tt.findings, got, tt.want)
		}
	}
}
