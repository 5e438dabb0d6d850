package server_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/internal/spectest"
)

// The assignments the query tests read, in creation order.
var queried = []map[string]any{
	{"id": "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a", "target": map[string]any{"@odata.type": "microsoft.graph.allDevicesAssignmentTarget"}},
	{"id": "3f2a6c1e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", "target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f", "deviceAndAppManagementAssignmentFilterId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "deviceAndAppManagementAssignmentFilterType": "include"}},
	{"id": "705b021c-021c-705b-1c02-5b701c025b70", "target": map[string]any{"@odata.type": "microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "6d5c4b3a-2f1e-4d0c-9b8a-7e6f5d4c3b2a"}},
	{"id": "9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5", "target": map[string]any{"@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "SMS00001"}, "source": "policySets", "sourceId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"},
	{"id": "aa000000-0000-4000-8000-000000000005", "target": map[string]any{"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget", "deviceAndAppManagementAssignmentFilterId": nil, "deviceAndAppManagementAssignmentFilterType": "exclude"}, "sourceId": nil},
}

// The ids of queried, by their position.
func queriedIDs(positions ...int) []string {
	ids := []string{}
	for _, p := range positions {
		ids = append(ids, queried[p]["id"].(string))
	}
	return ids
}

// TestListQueryOptions lists with $filter, $orderby, $select, $count, $top
// and $skip, written as clients write them, and follows every
// @odata.nextLink: the pages together are the whole result, in order, and
// each page has the same @odata.count.
func TestListQueryOptions(t *testing.T) {
	emu := startEmulator(t)
	for _, a := range queried {
		emu.create(t, a)
	}
	tests := []struct {
		name    string
		query   string
		ids     []string
		count   int      // @odata.count, or -1 for none
		keys    []string // the members of each item, when $select narrows them
		context string   // the end of @odata.context
	}{
		{"no options", "", queriedIDs(0, 1, 2, 3, 4), -1, nil, "/assignments"},
		{"isof a group, excluded groups included", "$filter=isof(target,'microsoft.graph.groupAssignmentTarget')", queriedIDs(1, 2), -1, nil, ""},
		{"isof with '#' and without $", "filter=isof(target, '#microsoft.graph.exclusionGroupAssignmentTarget')", queriedIDs(2), -1, nil, ""},
		{"the exact type", "$filter=target/@odata.type eq 'microsoft.graph.groupAssignmentTarget'", queriedIDs(1), -1, nil, ""},
		{"a GUID in capitals", "$filter=target/groupId eq '0B7E2F4A-9C1D-4E3B-8A6F-5D2C1B0A9E8F'", queriedIDs(1), -1, nil, ""},
		{"source, its default included", "$filter=source eq 'direct'&$count=true", queriedIDs(0, 1, 2, 4), 4, nil, ""},
		{"null sourceId", "$filter=sourceId eq null", queriedIDs(0, 1, 2, 4), -1, nil, ""},
		{"in, and, not", "$filter=target/deviceAndAppManagementAssignmentFilterType in ('include','exclude') and not (id eq '" + queriedIDs(4)[0] + "')", queriedIDs(1), -1, nil, ""},
		{"or, in capitals", "$FILTER=target/collectionId eq 'SMS00001' OR target/groupId eq '6d5c4b3a-2f1e-4d0c-9b8a-7e6f5d4c3b2a'", queriedIDs(2, 3), -1, nil, ""},
		{"filter type unset reads none", "$filter=target/deviceAndAppManagementAssignmentFilterType eq 'none'", queriedIDs(0, 2, 3), -1, nil, ""},
		{"nothing matches", "$filter=id eq 'nothing'&$count=true", queriedIDs(), 0, nil, ""},
		{"order by id descending", "$orderby=id desc", queriedIDs(4, 3, 2, 1, 0), -1, nil, ""},
		{"order by source, ties in creation order", "$orderby=source desc", queriedIDs(3, 0, 1, 2, 4), -1, nil, ""},
		{"order by filter id, unset first", "orderby=target/deviceAndAppManagementAssignmentFilterId,id desc", queriedIDs(4, 3, 2, 0, 1), -1, nil, ""},
		{"select", "$select=id,source", queriedIDs(0, 1, 2, 3, 4), -1, []string{"id", "source"}, "/assignments(id,source)"},
		{"select in capitals, paged", "$SELECT=ID,Target&$top=2", queriedIDs(0, 1, 2, 3, 4), -1, []string{"id", "target"}, "/assignments(id,target)"},
		{"everything, paged by one", "$filter=source eq 'direct'&$orderby=id desc&$select=id&$count=true&$top=1", queriedIDs(4, 2, 1, 0), 4, []string{"id"}, "/assignments(id)"},
		{"skip and count", "$skip=3&$count=true", queriedIDs(3, 4), 5, nil, ""},
		{"select star", "$select=*", queriedIDs(0, 1, 2, 3, 4), -1, nil, "/assignments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := assignmentsPath(knownConfig) + "?" + encodeQuery(tt.query)
			ids := []string{}
			for pages := 0; next != ""; pages++ {
				if pages > len(queried) {
					t.Fatal("@odata.nextLink does not reach the end")
				}
				resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: next, Token: writer(t)})
				if resp.Status != http.StatusOK {
					t.Fatalf("%s: %d %s", next, resp.Status, resp.Body)
				}
				var page struct {
					Context  string           `json:"@odata.context"`
					Count    *int             `json:"@odata.count"`
					NextLink string           `json:"@odata.nextLink"`
					Value    []map[string]any `json:"value"`
				}
				decode(t, resp, &page)
				if tt.context != "" && !strings.HasSuffix(page.Context, tt.context) {
					t.Errorf("@odata.context = %q, want it to end in %q", page.Context, tt.context)
				}
				switch {
				case tt.count < 0 && page.Count != nil:
					t.Errorf("@odata.count = %d without $count", *page.Count)
				case tt.count >= 0 && (page.Count == nil || *page.Count != tt.count):
					t.Errorf("@odata.count = %v, want %d", page.Count, tt.count)
				}
				for _, item := range page.Value {
					ids = append(ids, item["id"].(string))
					if tt.keys != nil {
						keys := slices.Sorted(maps.Keys(item))
						if diff := cmp.Diff(tt.keys, keys); diff != "" {
							t.Errorf("item members (-want +got):\n%s", diff)
						}
					}
				}
				next = page.NextLink
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQueryOptionNames: OData system query options are read with or
// without their '$' and in any case; one an operation does not support
// answers 400 naming it (and why, for $expand and $search), as does one
// given twice under any spelling; other parameters are ignored.
func TestQueryOptionNames(t *testing.T) {
	emu := startEmulator(t)
	a := emu.create(t, map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})
	item := assignmentPath(knownConfig, a["id"].(string))
	list := assignmentsPath(knownConfig)
	tests := []struct {
		name   string
		method string
		path   string
		status int
		target string
	}{
		{"list with $expand", http.MethodGet, list + "?$expand=target", 400, "$expand"},
		{"list with search", http.MethodGet, list + "?search=x", 400, "$search"},
		{"get with $expand", http.MethodGet, item + "?$expand=target", 400, "$expand"},
		{"get with $filter", http.MethodGet, item + "?$filter=id%20eq%20'x'", 400, "$filter"},
		{"delete with $top", http.MethodDelete, item + "?$top=1", 400, "$top"},
		{"delete with top", http.MethodDelete, item + "?top=1", 400, "$top"},
		{"$top and top", http.MethodGet, list + "?$top=1&top=2", 400, "$top"},
		{"$TOP and $top", http.MethodGet, list + "?$TOP=1&$top=2", 400, "$top"},
		{"top out of range", http.MethodGet, list + "?Top=0", 400, "$top"},
		{"list with $top", http.MethodGet, list + "?$top=5", 200, ""},
		{"list with top", http.MethodGet, list + "?top=5", 200, ""},
		{"list with $FILTER", http.MethodGet, list + "?$FILTER=source%20eq%20'direct'", 200, ""},
		{"list with $select and $count", http.MethodGet, list + "?$select=id&$count=true", 200, ""},
		{"get with Select", http.MethodGet, item + "?Select=id", 200, ""},
		{"get with a plain parameter", http.MethodGet, item + "?trace=1", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := emu.do(t, spectest.Request{Method: tt.method, Path: tt.path, Token: writer(t)})
			if tt.status == 200 {
				if resp.Status != 200 {
					t.Fatalf("status %d, want 200; body %s", resp.Status, resp.Body)
				}
				return
			}
			ge := checkGraphError(t, resp, tt.status, "BadRequest")
			if value(ge.Error.Target) != tt.target || !strings.Contains(ge.Error.Message, tt.target) {
				t.Errorf("error names %q (%q), want %q", value(ge.Error.Target), ge.Error.Message, tt.target)
			}
		})
	}
}

// TestCountAndGetOptions: GET .../assignments/$count answers a plain-text
// integer, honouring $filter; get honours $select.
func TestCountAndGetOptions(t *testing.T) {
	emu := startEmulator(t)
	for _, a := range queried {
		emu.create(t, a)
	}
	count := assignmentsPath(knownConfig) + "/$count"
	for _, tt := range []struct{ query, want string }{
		{"", "5"},
		{"$filter=isof(target,'microsoft.graph.groupAssignmentTarget')", "2"},
		{"filter=source eq 'policySets'", "1"},
		{"$filter=id eq 'none'", "0"},
	} {
		resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: count + "?" + encodeQuery(tt.query), Token: writer(t)})
		if resp.Status != http.StatusOK || string(resp.Body) != tt.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("$count?%s: %d %q %q, want 200 %q as text/plain", tt.query, resp.Status, resp.Header.Get("Content-Type"), resp.Body, tt.want)
		}
	}

	id := queriedIDs(1)[0]
	resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, id) + "?$select=target", Token: writer(t)})
	var got map[string]any
	decode(t, resp, &got)
	got = withoutContext(t, got, "/assignments(target)/$entity")
	if diff := cmp.Diff(map[string]any{"target": answered(queried[1])["target"]}, got); diff != "" {
		t.Errorf("get with $select=target (-want +got):\n%s", diff)
	}
}

// TestRoundTrip reads an assignment and sends the body back unchanged, as
// scripts do: in a PATCH and in an assign. The control information and the
// nulls of the response are accepted.
func TestRoundTrip(t *testing.T) {
	emu := startEmulator(t)
	emu.create(t, queried[4])
	path := assignmentPath(knownConfig, queriedIDs(4)[0])
	resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: path, Token: writer(t)})
	var read map[string]any
	decode(t, resp, &read)
	if _, ok := read["@odata.context"]; !ok {
		t.Fatalf("the GET response has no @odata.context: %s", resp.Body)
	}
	read["@odata.etag"] = `W/"1"`
	patched := emu.do(t, spectest.Request{Method: http.MethodPatch, Path: path, Body: read, Token: writer(t)})
	if patched.Status != http.StatusOK {
		t.Fatalf("PATCH of the GET body: %d %s", patched.Status, patched.Body)
	}
	var after map[string]any
	decode(t, patched, &after)
	delete(read, "@odata.etag")
	if diff := cmp.Diff(read, after); diff != "" {
		t.Errorf("PATCH of the GET body changed the assignment (-read +after):\n%s", diff)
	}
	assigned := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{read}}, Token: writer(t)})
	if assigned.Status != http.StatusNoContent {
		t.Fatalf("assign of the GET body: %d %s", assigned.Status, assigned.Body)
	}
}

// TestPathsAndIDsIgnoreCase: path segments are case-insensitive, a run of
// slashes is one, and ids shaped like a GUID find their assignment in any
// case; the qualified assign action is the assign action.
func TestPathsAndIDsIgnoreCase(t *testing.T) {
	emu := startEmulator(t)
	created := emu.create(t, queried[1])
	id := created["id"].(string)
	base := "/beta/deviceManagement/deviceEnrollmentConfigurations/" + knownConfig
	tests := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"lower-case path", http.MethodGet, strings.ToLower("/beta/deviceManagement/deviceEnrollmentConfigurations/") + knownConfig + "/assignments/" + id, nil, 200},
		{"upper-case GUID", http.MethodGet, base + "/Assignments/" + strings.ToUpper(id), nil, 200},
		{"$COUNT", http.MethodGet, base + "/assignments/$COUNT", nil, 200},
		{"a run of slashes after the version, as the Python SDK sends", http.MethodGet, "/beta//deviceManagement/deviceEnrollmentConfigurations/" + knownConfig + "/assignments/" + id, nil, 200},
		{"runs of slashes in a path of another case", http.MethodGet, strings.ToLower("/beta//devicemanagement///deviceEnrollmentConfigurations/") + knownConfig + "//assignments", nil, 200},
		{"a run of slashes where an id belongs", http.MethodGet, base + "/assignments//", nil, 404},
		{"qualified assign, in capitals", http.MethodPost, base + "/Microsoft.Graph.Assign", map[string]any{"enrollmentConfigurationAssignments": []any{queried[0]}}, 204},
		{"a configuration id keeps its case", http.MethodGet, "/beta/deviceManagement/deviceEnrollmentConfigurations/" + strings.ToUpper(knownConfig) + "/assignments", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := emu.do(t, spectest.Request{Method: tt.method, Path: tt.path, Body: tt.body, Token: writer(t)})
			if resp.Status != tt.status {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, tt.path, resp.Status, resp.Body, tt.status)
			}
		})
	}
	all, _ := emu.listAll(t, knownConfig, 0)
	if len(all) != 1 || all[0]["id"] != queried[0]["id"] {
		t.Errorf("after the qualified assign the list is %v, want only %s", all, queried[0]["id"])
	}
}

// encodeQuery escapes each value of a query written as a client writes
// it, leaving the names and their '$' as they are.
func encodeQuery(query string) string {
	if query == "" {
		return ""
	}
	var parts []string
	for _, kv := range strings.Split(query, "&") {
		name, value, _ := strings.Cut(kv, "=")
		parts = append(parts, name+"="+strings.ReplaceAll(url.QueryEscape(value), "+", "%20"))
	}
	return strings.Join(parts, "&")
}
