package interop

import (
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// TestGetThenPatchUnchanged sends an assignment as the SDK decoded it from
// a get straight back in a patch, as code that reads, edits and writes
// does. The SDK's backing store sends only what changed since the decode,
// plus the members it has no property for (AdditionalData, such as Graph's
// @odata.context), which it always sends: so the emulator must accept
// whatever such members its own answers carry. The second case puts Graph's
// @odata.context there, as a get from Graph would, whether or not the
// emulator's get has one.
func TestGetThenPatchUnchanged(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	tests := []struct {
		name string
		edit func(a models.EnrollmentConfigurationAssignmentable)
	}{
		{"as decoded", func(models.EnrollmentConfigurationAssignmentable) {}},
		{"with Graph's @odata.context", func(a models.EnrollmentConfigurationAssignmentable) {
			a.GetAdditionalData()["@odata.context"] = emu.BaseURL + "/$metadata#deviceManagement/deviceEnrollmentConfigurations('" +
				configuration + "')/assignments/$entity"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created := g.create(t, configuration, group.build("group-1"), "source-1")
			item := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(*created.GetId())
			got, err := item.Get(t.Context(), nil)
			if err != nil {
				t.Fatalf("get: %s", describeError(err))
			}
			tt.edit(got)
			if _, err := item.Patch(t.Context(), got, nil); err != nil {
				t.Fatalf("patch with the get's answer (additionalData %s): %s", fmtAdditionalData(got.GetAdditionalData()), describeError(err))
			}
			again, err := item.Get(t.Context(), nil)
			if err != nil {
				t.Fatalf("get after patch: %s", describeError(err))
			}
			checkTarget(t, "get after patch", again.GetTarget(), group, "group-1")
			if source := deref(again.GetSourceId()); source != "source-1" {
				t.Errorf("get after patch: sourceId %q; want %q", source, "source-1")
			}
		})
	}
}
