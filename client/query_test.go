package client_test

import (
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestGetQuery checks the query of GetAssignment: no options, or options at
// their zero value, send none; Select is sent as $select.
func TestGetQuery(t *testing.T) {
	tests := []struct {
		name string
		opts []client.GetOptions
		want string // the query as sent
	}{
		{"no options", nil, ""},
		{"zero options", []client.GetOptions{{}}, ""},
		{"$select", []client.GetOptions{{Select: []string{"id", "target"}}}, "$select=id,target"},
		{"$select all", []client.GetOptions{{Select: []string{"*"}}}, "$select=*"},
	}
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusOK, Body: map[string]any{"id": assignmentID}}))
	c := newTestClient(t, fake)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			got, err := c.GetAssignment(t.Context(), configID, assignmentID, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Id == nil || *got.Id != assignmentID {
				t.Errorf("result %+v", got)
			}
			seen := fake.Requests()
			if seen[0].Op != "getAssignment" || seen[0].RawQuery != tt.want {
				t.Errorf("request to %s with query %q, want getAssignment with %q", seen[0].Op, seen[0].RawQuery, tt.want)
			}
		})
	}
}

// TestCountAssignments checks CountAssignments against the answers a
// service may give: the request it sends, the plain-text integer it reads
// strictly, and the errors.
func TestCountAssignments(t *testing.T) {
	plain := func(body string) spectest.Reply {
		return spectest.Reply{Status: http.StatusOK, Header: map[string]string{"Content-Type": "text/plain"}, Body: []byte(body)}
	}
	notFound := spectest.Reply{Status: http.StatusNotFound, Body: map[string]any{"error": map[string]any{"code": "ResourceNotFound", "message": "no such configuration"}}}
	tests := []struct {
		name   string
		filter string
		reply  spectest.Reply
		want   int64
		query  string // the query as sent
		check  func(error) bool
	}{
		{name: "all", reply: plain("4"), want: 4},
		{name: "none", reply: plain("0"), want: 0},
		{name: "$filter", filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')", reply: plain("2"), want: 2,
			query: "$filter=isof(target,%20'microsoft.graph.groupAssignmentTarget')"},
		{name: "charset parameter", reply: spectest.Reply{Status: http.StatusOK, Header: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, Body: []byte("12")}, want: 12},
		{name: "byte order mark", reply: plain("\ufeff7"), want: 7},
		{name: "largest int64", reply: plain("9223372036854775807"), want: math.MaxInt64},
		{name: "beyond int64", reply: plain("9223372036854775808"), check: mentions("int64")},
		{name: "empty", reply: plain(""), check: mentions("empty")},
		{name: "negative", reply: plain("-1"), check: mentions("not a non-negative integer")},
		{name: "plus sign", reply: plain("+1"), check: mentions("not a non-negative integer")},
		{name: "fraction", reply: plain("2.0"), check: mentions("not a non-negative integer")},
		{name: "line break", reply: plain("2\n"), check: mentions("not a non-negative integer")},
		{name: "leading space", reply: plain(" 2"), check: mentions("not a non-negative integer")},
		{name: "JSON", reply: spectest.Reply{Status: http.StatusOK, Body: 2}, check: mentions("not text/plain")},
		{name: "another success status", reply: spectest.Reply{Status: http.StatusNoContent}, check: mentions("unexpected status")},
		{name: "404", reply: notFound, check: func(err error) bool {
			var e *client.Error
			return errors.Is(err, client.ErrNotFound) && errors.As(err, &e) && e.Op == "countAssignments" && e.Code == "ResourceNotFound"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(tt.reply))
			got, err := newTestClient(t, fake, noRetries).CountAssignments(t.Context(), configID, client.CountOptions{Filter: tt.filter})
			if tt.check != nil {
				if err == nil || !tt.check(err) {
					t.Errorf("count %d, error %v", got, err)
				}
			} else if err != nil || got != tt.want {
				t.Errorf("count %d, error %v; want %d", got, err, tt.want)
			}
			seen := fake.Requests()
			if len(seen) != 1 {
				t.Fatalf("%d requests, want 1", len(seen))
			}
			if seen[0].Op != "countAssignments" || seen[0].Path != specdoc.AssignmentsPath(configID)+"/$count" {
				t.Errorf("request to %s %s", seen[0].Op, seen[0].Path)
			}
			if seen[0].RawQuery != tt.query {
				t.Errorf("query %q, want %q", seen[0].RawQuery, tt.query)
			}
			if accept := seen[0].Header.Get("Accept"); !strings.HasPrefix(accept, "text/plain") {
				t.Errorf("Accept %q, want text/plain first", accept)
			}
		})
	}
}

func mentions(part string) func(error) bool {
	return func(err error) bool { return strings.Contains(err.Error(), part) }
}

// TestNextLinkKeepsOptions checks that the pages after the first are asked
// for with the next link exactly as the service wrote it, query options
// included, and that each page's @odata.count is read.
func TestNextLinkKeepsOptions(t *testing.T) {
	const query = "$filter=isof%28target%2C%20%27microsoft.graph.groupAssignmentTarget%27%29&$count=true&$skip=1&$top=1"
	page := func(id, link string) map[string]any {
		body := map[string]any{
			"@odata.count": 2,
			"value":        []any{map[string]any{"id": id, "target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": id}}},
		}
		if link != "" {
			body["@odata.nextLink"] = link
		}
		return body
	}
	var fake *spectest.FakeGraph
	fake = spectest.NewFakeGraph(t, prefix, testToken, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("$skip") {
			spectest.WriteJSON(w, http.StatusOK, page("g1", ""))
			return
		}
		spectest.WriteJSON(w, http.StatusOK, page("g0", fake.URL+specdoc.AssignmentsPath(configID)+"?"+query))
	}))
	c := newTestClient(t, fake)
	opts := client.ListOptions{Top: 1, Filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')", Count: true}

	got, err := groupIDs(t, c, opts, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"g0", "g1"}, got); diff != "" {
		t.Errorf("assignments (-want +got):\n%s", diff)
	}
	seen := fake.Requests()
	if len(seen) != 2 {
		t.Fatalf("%d requests, want 2", len(seen))
	}
	if want := "$top=1&$filter=isof(target,%20'microsoft.graph.groupAssignmentTarget')&$count=true"; seen[0].RawQuery != want {
		t.Errorf("first query %q, want %q", seen[0].RawQuery, want)
	}
	if seen[1].RawQuery != query {
		t.Errorf("next link sent with query %q, want it unchanged, %q", seen[1].RawQuery, query)
	}

	first, err := c.ListAssignmentsPage(t.Context(), configID, opts)
	if err != nil {
		t.Fatal(err)
	}
	next, err := c.NextAssignmentsPage(t.Context(), *first.OdataNextLink)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []*client.AssignmentPage{first, next} {
		if p.OdataCount == nil || *p.OdataCount != 2 {
			t.Errorf("page %d: @odata.count %v, want 2", i, p.OdataCount)
		}
	}
}

// The assignments TestQueryOptions stores, in order.
var (
	allDevices  = client.Assignment{Id: ptr("0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"), Target: client.AllDevicesTarget()}
	group1      = client.Assignment{Id: ptr("3f2a6c1e-8b4d-4e7f-9a0b-1c2d3e4f5a6b"), Target: client.GroupTarget("g1")}
	excluded2   = client.Assignment{Id: ptr("705b021c-021c-705b-1c02-5b701c025b70"), Target: client.ExclusionGroupTarget("g2")}
	collection  = client.Assignment{Id: ptr("9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5"), Target: client.ConfigurationManagerCollectionTarget("SMS00001"), Source: ptr(gen.SourcePolicySets), SourceId: ptr("ps-1")}
	group3      = client.Assignment{Id: ptr("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"), Target: client.GroupTarget("g3", client.IncludeFilter("f1"))}
	queryStored = []client.Assignment{allDevices, group1, excluded2, collection, group3}
)

func ids(list ...client.Assignment) []string {
	var out []string
	for _, a := range list {
		out = append(out, *a.Id)
	}
	return out
}

// TestQueryOptions lists, gets and counts through the emulator with the
// query options, in pages of two: the result is what the options select,
// every page's request carries the options (the service keeps them in the
// next link), and @odata.count is the size of the whole result.
func TestQueryOptions(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(2))
	c := newTestClient(t, fake)
	if err := c.Assign(t.Context(), configID, queryStored); err != nil {
		t.Fatal(err)
	}
	descending := ids(queryStored...)
	slices.Sort(descending)
	slices.Reverse(descending)

	const groups = "isof(target, 'microsoft.graph.groupAssignmentTarget')"
	tests := []struct {
		name     string
		opts     client.ListOptions
		want     []string // ids
		requests int
		// bare: the assignments carry only id and source.
		bare bool
	}{
		{name: "no options", want: ids(queryStored...), requests: 3},
		{name: "$filter isof, counted", opts: client.ListOptions{Filter: groups, Count: true}, want: ids(group1, excluded2, group3), requests: 2},
		{name: "$filter on source", opts: client.ListOptions{Filter: "source eq 'policySets'", Count: true}, want: ids(collection), requests: 1},
		{name: "$filter on a GUID in another case", opts: client.ListOptions{Filter: "id eq '3F2A6C1E-8B4D-4E7F-9A0B-1C2D3E4F5A6B'", Count: true}, want: ids(group1), requests: 1},
		{name: "$filter matching nothing, counted", opts: client.ListOptions{Filter: "target/groupId eq 'nobody'", Count: true}, want: nil, requests: 1},
		{name: "$orderby id desc", opts: client.ListOptions{OrderBy: []string{"id desc"}}, want: descending, requests: 3},
		{name: "$select id,source", opts: client.ListOptions{Select: []string{"id", "source"}}, want: ids(queryStored...), requests: 3, bare: true},
		{name: "every option", opts: client.ListOptions{
			Select: []string{"id", "source"}, Filter: groups, OrderBy: []string{"id desc"}, Count: true, Top: 1, Skip: 1,
		}, want: ids(group1, group3), requests: 2, bare: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			var got []string
			for a, err := range c.ListAssignments(t.Context(), configID, tt.opts) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *a.Id)
				if raw, _ := a.Target.MarshalJSON(); tt.bare != (string(raw) == "null") {
					t.Errorf("%s: target %s", *a.Id, raw)
				}
				if a.Source == nil {
					t.Errorf("%s: no source", *a.Id)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			seen := fake.Requests()
			if len(seen) != tt.requests {
				t.Errorf("%d requests, want %d", len(seen), tt.requests)
			}
			for i, r := range seen {
				for name, value := range map[string]string{
					"$filter": tt.opts.Filter, "$select": strings.Join(tt.opts.Select, ","), "$orderby": strings.Join(tt.opts.OrderBy, ","),
				} {
					if got := r.Query.Get(name); got != value {
						t.Errorf("request %d: %s %q, want %q", i, name, got, value)
					}
				}
				if got := r.Query.Get("$count"); got != map[bool]string{true: "true"}[tt.opts.Count] {
					t.Errorf("request %d: $count %q", i, got)
				}
			}

			page, err := c.ListAssignmentsPage(t.Context(), configID, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tt.opts.Count {
				if page.OdataCount == nil || *page.OdataCount != int64(len(tt.want)+tt.opts.Skip) {
					t.Errorf("@odata.count %v, want %d", page.OdataCount, len(tt.want)+tt.opts.Skip)
				}
			} else if page.OdataCount != nil {
				t.Errorf("@odata.count %d without $count", *page.OdataCount)
			}
		})
	}

	t.Run("count", func(t *testing.T) {
		for filter, want := range map[string]int64{"": 5, groups: 3, "source eq 'policySets'": 1, "target/groupId eq 'nobody'": 0} {
			got, err := c.CountAssignments(t.Context(), configID, client.CountOptions{Filter: filter})
			if err != nil || got != want {
				t.Errorf("filter %q: count %d, error %v; want %d", filter, got, err, want)
			}
		}
	})

	t.Run("get with $select", func(t *testing.T) {
		got, err := c.GetAssignment(t.Context(), configID, *group3.Id, client.GetOptions{Select: []string{"id", "target"}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Source != nil || got.OdataType != nil || *got.Id != *group3.Id {
			t.Errorf("got %+v, want only the id and the target", got)
		}
		if diff := cmp.Diff(jsonValue(t, group3.Target), jsonValue(t, got.Target)); diff != "" {
			t.Errorf("target (-stored +got):\n%s", diff)
		}
	})

	t.Run("errors", func(t *testing.T) {
		for name, call := range map[string]func() error{
			"$filter": func() error {
				_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{Filter: "target/groupId eq"})
				return err
			},
			"$orderby": func() error {
				_, err := c.ListAssignmentsPage(t.Context(), configID, client.ListOptions{OrderBy: []string{"displayName"}})
				return err
			},
			"$select": func() error {
				_, err := c.GetAssignment(t.Context(), configID, *group3.Id, client.GetOptions{Select: []string{"displayName"}})
				return err
			},
			"count's $filter": func() error {
				_, err := c.CountAssignments(t.Context(), configID, client.CountOptions{Filter: "isof(target)"})
				return err
			},
		} {
			var e *client.Error
			if err := call(); !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "BadRequest" {
				t.Errorf("%s: error %v, want a 400 BadRequest", name, err)
			} else if !strings.Contains(e.Message, strings.TrimPrefix(name, "count's ")) {
				t.Errorf("%s: message %q does not name the option", name, e.Message)
			}
		}
	})
}
