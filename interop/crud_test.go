package interop

import (
	"net/http"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// TestCreateAndGetEachTarget creates an assignment to each target type,
// with @odata.type spelled as the SDK sends it ('#') and bare, and checks
// that the create's answer and a get both decode into the SDK's own type
// for the target: Kiota picks the subtype only from the canonical
// '#microsoft.graph.X', so the emulator must answer that whatever the
// request's spelling.
func TestCreateAndGetEachTarget(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	spellings := []struct {
		name  string
		build func(targetKind, string) models.DeviceAndAppManagementAssignmentTargetable
	}{
		{"hash", func(k targetKind, id string) models.DeviceAndAppManagementAssignmentTargetable { return k.build(id) }},
		{"bare", bareName},
	}
	for _, kind := range targetKinds {
		for _, spelling := range spellings {
			t.Run(kind.name+"/"+spelling.name, func(t *testing.T) {
				key := ""
				if kind.keyed {
					key = "key-" + kind.name + "-" + spelling.name
				}
				created := g.create(t, configuration, spelling.build(kind, key), "")
				checkTarget(t, "create", created.GetTarget(), kind, key)
				if got := deref(created.GetOdataType()); got != spec.assignmentType {
					t.Errorf("create: @odata.type %q; want %q", got, spec.assignmentType)
				}

				got, err := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(*created.GetId()).Get(t.Context(), nil)
				if err != nil {
					t.Fatalf("get: %s", describeError(err))
				}
				if deref(got.GetId()) != *created.GetId() {
					t.Errorf("get: id %q; want %q", deref(got.GetId()), *created.GetId())
				}
				checkTarget(t, "get", got.GetTarget(), kind, key)
			})
		}
	}
}

// TestUpdate patches an assignment's target, its sourceId or both, and
// checks that the answer and a later get show the change and keep the rest.
func TestUpdate(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	tests := []struct {
		name       string
		target     models.DeviceAndAppManagementAssignmentTargetable // nil: not changed
		sourceID   string                                            // "": not changed
		wantTarget string
		wantSource string
	}{
		{"target", exclusionGroup.build("group-2"), "", "exclusionGroupAssignmentTarget(group-2)", "source-1"},
		{"sourceId", nil, "source-2", "groupAssignmentTarget(group-1)", "source-2"},
		{"target and sourceId", configurationManagerCollection.build("collection-3"), "source-3", "configurationManagerCollectionAssignmentTarget(collection-3)", "source-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created := g.create(t, configuration, group.build("group-1"), "source-1")
			item := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(*created.GetId())
			patch := models.NewEnrollmentConfigurationAssignment()
			if tt.target != nil {
				patch.SetTarget(tt.target)
			}
			if tt.sourceID != "" {
				patch.SetSourceId(ptr(tt.sourceID))
			}
			answer, err := item.Patch(t.Context(), patch, nil)
			if err != nil {
				t.Fatalf("patch: %s", describeError(err))
			}
			got, err := item.Get(t.Context(), nil)
			if err != nil {
				t.Fatalf("get: %s", describeError(err))
			}
			for what, a := range map[string]models.EnrollmentConfigurationAssignmentable{"patch": answer, "get after patch": got} {
				if a == nil {
					t.Errorf("%s: no body", what)
					continue
				}
				if target, source := targetString(a.GetTarget()), deref(a.GetSourceId()); target != tt.wantTarget || source != tt.wantSource {
					t.Errorf("%s: target %s, sourceId %q; want %s, %q", what, target, source, tt.wantTarget, tt.wantSource)
				}
			}
		})
	}
}

// TestDelete deletes an assignment and checks that a get then answers 404.
func TestDelete(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	created := g.create(t, configuration, allDevices.build(""), "")
	item := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(*created.GetId())
	if err := item.Delete(t.Context(), nil); err != nil {
		t.Fatalf("delete: %s", describeError(err))
	}
	_, err := item.Get(t.Context(), nil)
	checkODataError(t, err, http.StatusNotFound, "ResourceNotFound")
}
