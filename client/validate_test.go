package client_test

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// rawTarget is a target holding JSON as it is, as one decoded from
// elsewhere might be.
func rawTarget(raw string) client.AssignmentTarget {
	var t client.AssignmentTarget
	_ = t.UnmarshalJSON([]byte(raw))
	return t
}

func ptr[T any](v T) *T { return &v }

// TestInvalidInput checks that arguments the spec does not allow fail with
// ErrInvalidInput and send nothing.
func TestInvalidInput(t *testing.T) {
	group := client.GroupTarget("g1")
	tests := []struct {
		name string
		want string // in the error: where the input is wrong
		call func(*client.Client) error
	}{
		{"empty configuration id", "deviceEnrollmentConfigurationId", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), "", client.Assignment{Target: group})
			return err
		}},
		{"configuration id '.'", "deviceEnrollmentConfigurationId", func(c *client.Client) error {
			_, err := c.GetAssignment(t.Context(), ".", assignmentID)
			return err
		}},
		{"assignment id '..'", "enrollmentConfigurationAssignmentId", func(c *client.Client) error {
			return c.DeleteAssignment(t.Context(), configID, "..")
		}},
		{"empty assignment id", "enrollmentConfigurationAssignmentId", func(c *client.Client) error {
			_, err := c.UpdateAssignment(t.Context(), configID, "", client.AssignmentUpdate{})
			return err
		}},
		{"no target", "body/target", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{})
			return err
		}},
		{"empty group id", "body/target/groupId", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: client.GroupTarget("")})
			return err
		}},
		{"empty collection id", "body/target/collectionId", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: client.ConfigurationManagerCollectionTarget("")})
			return err
		}},
		{"unknown target type", "body/target", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: rawTarget(`{"@odata.type":"#microsoft.graph.somethingNew"}`)})
			return err
		}},
		{"target without @odata.type", "@odata.type", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: rawTarget(`{"groupId":"g1"}`)})
			return err
		}},
		{"property the target type does not define", "\"groupId\" is unsupported", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: rawTarget(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g1"}`)})
			return err
		}},
		{"unknown filter type", "body/target/deviceAndAppManagementAssignmentFilterType", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: rawTarget(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"sometimes"}`)})
			return err
		}},
		{"target that is not JSON", "body", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: rawTarget(`{"@odata.type":`)})
			return err
		}},
		{"unknown assignment type", "body/@odata.type", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: group, OdataType: ptr(gen.EnrollmentConfigurationAssignmentOdataType("#microsoft.graph.other"))})
			return err
		}},
		{"unknown source", "body/source", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: group, Source: ptr(gen.DeviceAndAppManagementAssignmentSource("elsewhere"))})
			return err
		}},
		{"empty id in the body", "body/id", func(c *client.Client) error {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: group, Id: ptr("")})
			return err
		}},
		{"update to an empty target", "body/target", func(c *client.Client) error {
			_, err := c.UpdateAssignment(t.Context(), configID, assignmentID, client.AssignmentUpdate{Target: &client.AssignmentTarget{}})
			return err
		}},
		{"assign with one bad assignment", "body/enrollmentConfigurationAssignments/1/target/groupId", func(c *client.Client) error {
			return c.Assign(t.Context(), configID, []client.Assignment{{Target: group}, {Target: client.ExclusionGroupTarget("")}})
		}},
		{"$top 0 is the default, 1000 is too many", "$top", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Top: 1000})
			return err
		}},
		{"negative $top", "$top", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Top: -1})
			return err
		}},
		{"$skip beyond int32", "$skip", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Skip: math.MaxInt32 + 1})
			return err
		}},
		{"empty property in $select", "$select/1", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Select: []string{"id", ""}})
			return err
		}},
		{"comma in a property of $select", "$select/0", func(c *client.Client) error {
			_, err := c.GetAssignment(t.Context(), configID, assignmentID, client.GetOptions{Select: []string{"id,target"}})
			return err
		}},
		{"empty item in $orderby", "$orderby/0", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{OrderBy: []string{""}})
			return err
		}},
		{"comma in an item of $orderby", "$orderby/1", func(c *client.Client) error {
			_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{OrderBy: []string{"id", "source desc,id"}})
			return err
		}},
		{"two GetOptions", "at most one", func(c *client.Client) error {
			_, err := c.GetAssignment(t.Context(), configID, assignmentID, client.GetOptions{}, client.GetOptions{})
			return err
		}},
		{"count of configuration '..'", "deviceEnrollmentConfigurationId", func(c *client.Client) error {
			_, err := c.CountAssignments(t.Context(), "..", client.CountOptions{})
			return err
		}},
		{"count of an empty configuration id", "deviceEnrollmentConfigurationId", func(c *client.Client) error {
			_, err := c.CountAssignments(t.Context(), "", client.CountOptions{Filter: "source eq 'direct'"})
			return err
		}},
	}
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusInternalServerError}))
	c := newTestClient(t, fake)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			err := tt.call(c)
			if !errors.Is(err, client.ErrInvalidInput) {
				t.Errorf("error %v, want ErrInvalidInput", err)
			} else if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if n := len(fake.Requests()); n != 0 || fake.Invalid() != nil {
				t.Errorf("%d valid requests sent, and these invalid ones: %v", n, fake.Invalid())
			}
		})
	}
}

// TestPathEscaping sends ids that need escaping in a path: each must reach
// the operation it was meant for, as the same id.
func TestPathEscaping(t *testing.T) {
	for _, id := range []string{"a/b", "a b", "a?b#c", "100%", "%2F", "ü", "...", ".hidden", "a;b=c", "a+b"} {
		t.Run(id, func(t *testing.T) {
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusNoContent}))
			if err := newTestClient(t, fake).DeleteAssignment(t.Context(), id, id); err != nil {
				t.Fatal(err)
			}
			seen := fake.Requests()
			if len(seen) != 1 || seen[0].Op != "deleteAssignment" {
				t.Fatalf("requests %+v, want one deleteAssignment", seen)
			}
			for name, escaped := range seen[0].Params {
				// kin-openapi's router keeps path parameters escaped.
				if got, err := url.PathUnescape(escaped); err != nil || got != id {
					t.Errorf("%s arrived as %q", name, got)
				}
			}
		})
	}
}

// TestConcurrentUse makes calls from many goroutines at once, for the race
// detector.
func TestConcurrentUse(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(5))
	c := newTestClient(t, fake)
	errs := make(chan error, 20)
	for i := range cap(errs) {
		go func() {
			_, err := c.CreateAssignment(t.Context(), configID, client.Assignment{Target: client.GroupTarget(string(rune('a' + i)))})
			if err == nil {
				for _, e := range c.ListAssignments(t.Context(), configID, client.ListOptions{}) {
					if e != nil {
						err = e
					}
				}
			}
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	page, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Top: 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Value) != cap(errs) {
		t.Errorf("%d assignments stored, want %d", len(page.Value), cap(errs))
	}
}
