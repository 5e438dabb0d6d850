package specgate_test

import (
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]specgate.Version{
		"1.2.3":            {Major: 1, Minor: 2, Patch: 3},
		"v2.0.0":           {Major: 2},
		"0.1.0-rc.1+build": {Minor: 1},
	} {
		if got, err := specgate.ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1.0", "v1", "01.0.0", "2026-06-01", "1.0.0.0"} {
		if _, err := specgate.ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) succeeded", in)
		}
	}
}
