package interop

import (
	"slices"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/devicemanagement"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// TestAssignReplacesTheSet creates two assignments, posts the assign action
// with two others, and checks that a list then shows exactly the new two.
func TestAssignReplacesTheSet(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	old := []string{
		*g.create(t, configuration, allDevices.build(""), "").GetId(),
		*g.create(t, configuration, group.build("group-old"), "").GetId(),
	}

	body := devicemanagement.NewDeviceEnrollmentConfigurationsItemAssignPostRequestBody()
	body.SetEnrollmentConfigurationAssignments([]models.EnrollmentConfigurationAssignmentable{
		newAssignment(exclusionGroup.build("group-new"), ""),
		newAssignment(allLicensedUsers.build(""), ""),
	})
	err := g.client.DeviceManagement().DeviceEnrollmentConfigurations().ByDeviceEnrollmentConfigurationId(configuration).Assign().Post(t.Context(), body, nil)
	if err != nil {
		t.Fatalf("assign: %s", describeError(err))
	}

	listed := g.listAll(t, configuration)
	var got []string
	for _, a := range listed {
		got = append(got, targetString(a.GetTarget()))
		if slices.Contains(old, deref(a.GetId())) {
			t.Errorf("assignment %s, from before the assign, is still listed", deref(a.GetId()))
		}
	}
	slices.Sort(got)
	want := []string{"allLicensedUsersAssignmentTarget()", "exclusionGroupAssignmentTarget(group-new)"}
	if !slices.Equal(got, want) {
		t.Errorf("after assign, listed %v; want %v", got, want)
	}
}
