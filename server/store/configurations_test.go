package store_test

import (
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/server/store"
)

// TestDefaultConfigurations holds the built-in set to what docs/emulator.md and
// the spec promise: the spec's example configuration and the other
// default configurations of a tenant.
func TestDefaultConfigurations(t *testing.T) {
	got := map[string]bool{}
	for _, c := range store.DefaultConfigurations() {
		got[c.ID] = true
		if c.OdataType == "" || c.DisplayName == "" {
			t.Errorf("%s has no @odata.type or displayName", c.ID)
		}
	}
	for _, suffix := range []string{"DefaultPlatformRestrictions", "DefaultWindows10EnrollmentCompletionPageConfiguration", "DefaultLimit", "DefaultWindowsHelloForBusiness"} {
		if id := "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_" + suffix; !got[id] {
			t.Errorf("the built-in fixtures lack %s", id)
		}
	}
}

// TestParseFixtures accepts Graph's collection shape and refuses a file
// that would leave the emulator without a usable configuration.
func TestParseFixtures(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantIDs []string
		wantErr string
	}{
		{"graph collection with extra properties", `{"@odata.context":"x","value":[{"id":"a","displayName":"A","priority":1},{"id":"b"}]}`, []string{"a", "b"}, ""},
		{"not JSON", `{`, nil, "not a JSON object"},
		{"an array", `[{"id":"a"}]`, nil, "not a JSON object"},
		{"no value", `{}`, nil, `no "value"`},
		{"empty value", `{"value":[]}`, nil, "no deviceEnrollmentConfigurations"},
		{"missing id", `{"value":[{"displayName":"A"}]}`, nil, "value[0] has no id"},
		{"duplicate id", `{"value":[{"id":"a"},{"id":"a"}]}`, nil, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configs, err := store.ParseFixtures([]byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range configs {
				ids = append(ids, c.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.wantIDs, ",") {
				t.Errorf("ids = %v, want %v", ids, tt.wantIDs)
			}
		})
	}
}
