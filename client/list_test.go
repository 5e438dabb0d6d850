package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// seed gives the configuration n group assignments, g0 to g(n-1).
func seed(t *testing.T, c *client.Client, n int) {
	t.Helper()
	list := make([]client.Assignment, n)
	for i := range list {
		list[i] = client.Assignment{Target: client.GroupTarget(fmt.Sprintf("g%d", i))}
	}
	if err := c.Assign(t.Context(), configID, list); err != nil {
		t.Fatal(err)
	}
}

// groupIDs lists the group ids of the assignments the iterator yields,
// stopping after limit of them (0: no limit), and its error.
func groupIDs(t *testing.T, c *client.Client, opts client.ListOptions, limit int) ([]string, error) {
	t.Helper()
	var ids []string
	for a, err := range c.ListAssignments(t.Context(), configID, opts) {
		if err != nil {
			return ids, err
		}
		target, err := a.Target.AsGroupAssignmentTarget()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, target.GroupId)
		if len(ids) == limit {
			break
		}
	}
	return ids, nil
}

func wantIDs(from, to int) []string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("g%d", i))
	}
	return ids
}

// TestListPages lists across several pages of the emulator, each
// followed page a request that passes the spec's validation.
func TestListPages(t *testing.T) {
	tests := []struct {
		name     string
		stored   int
		opts     client.ListOptions
		limit    int
		want     []string
		requests int // list requests
	}{
		{"no assignments", 0, client.ListOptions{}, 0, nil, 1},
		{"one page", 3, client.ListOptions{}, 0, wantIDs(0, 3), 1},
		{"four pages of the service's size", 10, client.ListOptions{}, 0, wantIDs(0, 10), 4},
		{"pages of $top", 10, client.ListOptions{Top: 4}, 0, wantIDs(0, 10), 3},
		{"$skip", 10, client.ListOptions{Top: 4, Skip: 5}, 0, wantIDs(5, 10), 2},
		{"break stops the paging", 10, client.ListOptions{}, 4, wantIDs(0, 4), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(3))
			c := newTestClient(t, fake)
			seed(t, c, tt.stored)
			fake.Reset()
			got, err := groupIDs(t, c, tt.opts, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("assignments (-want +got):\n%s", diff)
			}
			seen := fake.Requests()
			if len(seen) != tt.requests {
				t.Errorf("%d requests, want %d", len(seen), tt.requests)
			}
			ids := map[string]bool{}
			for _, r := range seen {
				if r.Op != "listAssignments" {
					t.Errorf("request to %s", r.Op)
				}
				ids[r.Header.Get("client-request-id")] = true
			}
			if len(ids) != len(seen) {
				t.Errorf("%d client-request-ids for %d pages, want one per page", len(ids), len(seen))
			}
		})
	}
}

// TestListPagesByHand pages with ListAssignmentsPage and NextAssignmentsPage.
func TestListPagesByHand(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(4))
	c := newTestClient(t, fake)
	seed(t, c, 6)
	page, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Value) != 4 || page.OdataNextLink == nil {
		t.Fatalf("first page has %d assignments and next link %v", len(page.Value), page.OdataNextLink)
	}
	page, err = c.NextAssignmentsPage(t.Context(), *page.OdataNextLink)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Value) != 2 || page.OdataNextLink != nil {
		t.Fatalf("second page has %d assignments and next link %v", len(page.Value), page.OdataNextLink)
	}
}

// TestListErrors checks what ends an iteration early: an error page, a
// next link the client will not follow, a next link that loops, an
// argument the spec does not allow.
func TestListErrors(t *testing.T) {
	page := func(link string, ids ...string) spectest.Reply {
		value := []any{}
		for _, id := range ids {
			value = append(value, map[string]any{"id": id, "target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": id}})
		}
		body := map[string]any{"value": value}
		if link != "" {
			body["@odata.nextLink"] = link
		}
		return spectest.Reply{Status: http.StatusOK, Body: body}
	}
	next := "{base}" + specdoc.AssignmentsPath(configID) + "?$skip=1"
	tests := []struct {
		name     string
		replies  []spectest.Reply
		opts     client.ListOptions
		want     []string
		check    func(error) bool
		requests int
	}{
		{"error page", []spectest.Reply{page(next, "g0"), {Status: http.StatusNotFound}},
			client.ListOptions{}, []string{"g0"}, func(err error) bool { return errors.Is(err, client.ErrNotFound) }, 2},
		{"link to another host", []spectest.Reply{page("https://elsewhere.example/beta/deviceManagement/x", "g0")},
			client.ListOptions{}, []string{"g0"}, notUnder, 1},
		{"link outside the base path", []spectest.Reply{page(strings.Replace(next, "{base}", "{host}/other", 1), "g0")},
			client.ListOptions{}, []string{"g0"}, notUnder, 1},
		{"link climbing out of the base path", []spectest.Reply{page("{base}/../../other/x", "g0")},
			client.ListOptions{}, []string{"g0"}, notUnder, 1},
		{"link that loops", []spectest.Reply{page(next, "g0"), page(next, "g1")},
			client.ListOptions{}, []string{"g0", "g1"}, func(err error) bool { return strings.Contains(err.Error(), "again") }, 2},
		{"$top out of range", nil, client.ListOptions{Top: 1000}, nil, invalidInput, 0},
		{"negative $skip", nil, client.ListOptions{Skip: -1}, nil, invalidInput, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fake *spectest.FakeGraph
			fake = spectest.NewFakeGraph(t, prefix, testToken, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rep := tt.replies[min(len(fake.Requests())-1, len(tt.replies)-1)]
				if body, ok := rep.Body.(map[string]any); ok {
					if link, ok := body["@odata.nextLink"].(string); ok {
						link = strings.ReplaceAll(link, "{base}", fake.URL)
						body["@odata.nextLink"] = strings.ReplaceAll(link, "{host}", strings.TrimSuffix(fake.URL, prefix))
					}
				}
				spectest.Replies(rep).ServeHTTP(w, r)
			}))
			got, err := groupIDs(t, newTestClient(t, fake), tt.opts, 0)
			if err == nil || !tt.check(err) {
				t.Errorf("error %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("assignments before the error (-want +got):\n%s", diff)
			}
			if n := len(fake.Requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
		})
	}
}

func notUnder(err error) bool     { return strings.Contains(err.Error(), "not under the base URL") }
func invalidInput(err error) bool { return errors.Is(err, client.ErrInvalidInput) }
