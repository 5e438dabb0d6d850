package client_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestTargetConstructors checks the JSON of each constructor, with and
// without a filter, and that Graph accepts it: each is sent in a create to
// the validating fake.
func TestTargetConstructors(t *testing.T) {
	tests := []struct {
		name   string
		target client.AssignmentTarget
		want   string
	}{
		{"group", client.GroupTarget("g1"),
			`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}`},
		{"group with include filter", client.GroupTarget("g1", client.IncludeFilter("f1")),
			`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}`},
		{"exclusion group", client.ExclusionGroupTarget("g2"),
			`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g2"}`},
		{"exclusion group with exclude filter", client.ExclusionGroupTarget("g2", client.ExcludeFilter("f2")),
			`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g2","deviceAndAppManagementAssignmentFilterId":"f2","deviceAndAppManagementAssignmentFilterType":"exclude"}`},
		{"all devices", client.AllDevicesTarget(),
			`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{"all devices with exclude filter", client.AllDevicesTarget(client.ExcludeFilter("f3")),
			`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f3","deviceAndAppManagementAssignmentFilterType":"exclude"}`},
		{"all licensed users", client.AllLicensedUsersTarget(),
			`{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}`},
		{"all licensed users, last filter wins", client.AllLicensedUsersTarget(client.ExcludeFilter("f4"), client.IncludeFilter("f5")),
			`{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f5","deviceAndAppManagementAssignmentFilterType":"include"}`},
		{"configuration manager collection", client.ConfigurationManagerCollectionTarget("SMS00001"),
			`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}`},
		{"configuration manager collection with include filter", client.ConfigurationManagerCollectionTarget("SMS00001", client.IncludeFilter("f6")),
			`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001","deviceAndAppManagementAssignmentFilterId":"f6","deviceAndAppManagementAssignmentFilterType":"include"}`},
	}
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(10))
	c := newTestClient(t, fake)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(jsonValue(t, []byte(tt.want)), jsonValue(t, tt.target)); diff != "" {
				t.Errorf("JSON (-want +got):\n%s", diff)
			}
			created, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: tt.target})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(jsonValue(t, []byte(tt.want)), jsonValue(t, created.Target)); diff != "" {
				t.Errorf("stored target (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTargetOf reads every discriminator value of the spec (each type with
// and without '#') into the concrete type it names.
func TestTargetOf(t *testing.T) {
	mapping := specdoc.Embedded().Components.Schemas["assignmentTarget"].Value.Discriminator.Mapping
	if len(mapping) == 0 {
		t.Fatal("the spec's assignmentTarget has no discriminator mapping")
	}
	for odataType, ref := range mapping {
		schema := strings.TrimPrefix(ref.Ref, "#/components/schemas/")
		t.Run(odataType, func(t *testing.T) {
			want, ok := contract.GoTypes[schema]
			if !ok {
				t.Fatalf("schema %q has no Go type in contract.GoTypes", schema)
			}
			var target client.AssignmentTarget
			raw := `{"@odata.type":"` + odataType + `","groupId":"g","collectionId":"c","deviceAndAppManagementAssignmentFilterId":"f"}`
			if err := json.Unmarshal([]byte(raw), &target); err != nil {
				t.Fatal(err)
			}
			v, err := client.TargetOf(target)
			if err != nil {
				t.Fatal(err)
			}
			if got := reflect.TypeOf(v); got != want {
				t.Fatalf("type %v, want %v", got, want)
			}
			if got := reflect.ValueOf(v).FieldByName("DeviceAndAppManagementAssignmentFilterId").Interface().(*string); got == nil || *got != "f" {
				t.Errorf("filter id %v, want f", got)
			}
			if strings.Contains(schema, "roup") && reflect.ValueOf(v).FieldByName("GroupId").String() != "g" {
				t.Errorf("group id not read: %+v", v)
			}
		})
	}
}

// TestTargetOfConstructors checks that TargetOf gives back what each
// constructor built.
func TestTargetOfConstructors(t *testing.T) {
	filter := "f1"
	include := gen.FilterTypeInclude
	tests := []struct {
		target client.AssignmentTarget
		want   any
	}{
		{client.GroupTarget("g1", client.IncludeFilter("f1")), gen.GroupAssignmentTarget{OdataType: gen.GroupAssignmentTargetOdataTypeHashed, GroupId: "g1",
			DeviceAndAppManagementAssignmentFilterId: &filter, DeviceAndAppManagementAssignmentFilterType: &include}},
		{client.ExclusionGroupTarget("g2"), gen.ExclusionGroupAssignmentTarget{OdataType: gen.ExclusionGroupAssignmentTargetOdataTypeHashed, GroupId: "g2"}},
		{client.AllDevicesTarget(), gen.AllDevicesAssignmentTarget{OdataType: gen.AllDevicesAssignmentTargetOdataTypeHashed}},
		{client.AllLicensedUsersTarget(), gen.AllLicensedUsersAssignmentTarget{OdataType: gen.AllLicensedUsersAssignmentTargetOdataTypeHashed}},
		{client.ConfigurationManagerCollectionTarget("c1"), gen.ConfigurationManagerCollectionAssignmentTarget{OdataType: gen.ConfigurationManagerCollectionAssignmentTargetOdataTypeHashed, CollectionId: "c1"}},
	}
	for _, tt := range tests {
		got, err := client.TargetOf(tt.target)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("TargetOf (-want +got):\n%s", diff)
		}
	}
}

// TestTargetOfUnknown checks the error for targets of no known type.
func TestTargetOfUnknown(t *testing.T) {
	for _, raw := range []string{
		`{"@odata.type":"#microsoft.graph.somethingNewAssignmentTarget"}`,
		`{"groupId":"g"}`,
		`{"@odata.type":42}`,
		`null`,
	} {
		var target client.AssignmentTarget
		if err := json.Unmarshal([]byte(raw), &target); err != nil {
			t.Fatal(err)
		}
		if _, err := client.TargetOf(target); !errors.Is(err, client.ErrUnknownTarget) {
			t.Errorf("%s: error %v, want ErrUnknownTarget", raw, err)
		}
	}
	if _, err := client.TargetOf(client.AssignmentTarget{}); !errors.Is(err, client.ErrUnknownTarget) || !strings.Contains(err.Error(), "no target") {
		t.Errorf("zero target: error %v, want ErrUnknownTarget saying there is no target", err)
	}
}
