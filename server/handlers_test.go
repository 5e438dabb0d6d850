package server_test

import (
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestCreateSeed is the acceptance check of the Create page: its request
// answers 201 with its response body, except for the id, which is a fresh
// GUID; the list then returns the assignment.
func TestCreateSeed(t *testing.T) {
	emu := startEmulator(t)
	created := emu.create(t, seedBody(t, "seed-create-request.json"))

	want := seedBody(t, "seed-create-response.json")
	id, _ := created["id"].(string)
	if _, err := uuid.Parse(id); err != nil {
		t.Errorf("id %q is not a GUID", id)
	}
	want["id"] = id
	// The seed's response writes the target's @odata.type bare and leaves
	// the source out; the service answers both in their canonical form.
	want = answered(want)
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("created body differs from the seed response (-want +got):\n%s", diff)
	}

	all, _ := emu.listAll(t, knownConfig, 0)
	if diff := cmp.Diff([]map[string]any{want}, all); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
}

// TestCreateSpecExamples creates every request example of createAssignment:
// each is stored as sent, with an id added when absent, and answered
// (created and read back) in canonical form: see answered.
func TestCreateSpecExamples(t *testing.T) {
	op := operation(t, "createAssignment")
	emu := startEmulator(t)
	for _, ex := range op.RequestExamples() {
		t.Run(ex.Name, func(t *testing.T) {
			sent := ex.Value.(map[string]any)
			created := emu.create(t, sent)
			want := answered(sent)
			if want["id"] == nil {
				want["id"] = created["id"]
			}
			if diff := cmp.Diff(want, created); diff != "" {
				t.Errorf("created (-want +got):\n%s", diff)
			}
			got := emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, created["id"].(string)), Token: writer(t)})
			if got.Status != http.StatusOK {
				t.Fatalf("get: %d %s", got.Status, got.Body)
			}
			var read map[string]any
			decode(t, got, &read)
			if diff := cmp.Diff(want, withoutContext(t, read, "/assignments/$entity")); diff != "" {
				t.Errorf("get (-want +got):\n%s", diff)
			}
		})
	}
}

// TestListPaging follows @odata.nextLink from the first page to the last
// for several page sizes: every assignment comes once, in creation order.
func TestListPaging(t *testing.T) {
	emu := startEmulator(t)
	const n = 7
	var ids []string
	for range n {
		ids = append(ids, emu.create(t, seedBody(t, "seed-create-request.json"))["id"].(string))
	}
	tests := []struct {
		top       int
		wantPages int
	}{
		{top: 0, wantPages: 1}, // the default page size, 100
		{top: 1, wantPages: 7},
		{top: 3, wantPages: 3},
		{top: 7, wantPages: 1},
		{top: 999, wantPages: 1},
	}
	for _, tt := range tests {
		t.Run("top="+strconv.Itoa(tt.top), func(t *testing.T) {
			all, pages := emu.listAll(t, knownConfig, tt.top)
			var got []string
			for _, a := range all {
				got = append(got, a["id"].(string))
			}
			if diff := cmp.Diff(ids, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if pages != tt.wantPages {
				t.Errorf("pages = %d, want %d", pages, tt.wantPages)
			}
		})
	}
}

// TestListNextLink checks the link itself: absolute, on the emulator's
// host and base path, with $skip and $top; and $skip past the end is an
// empty page without a link.
func TestListNextLink(t *testing.T) {
	emu := startEmulator(t)
	for range 3 {
		emu.create(t, seedBody(t, "seed-create-request.json"))
	}
	resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$top=2", Token: writer(t)})
	var page struct {
		Value    []any  `json:"value"`
		NextLink string `json:"@odata.nextLink"`
	}
	decode(t, resp, &page)
	want := emu.URL + assignmentsPath(knownConfig) + "?$skip=2&$top=2"
	if page.NextLink != want {
		t.Errorf("@odata.nextLink = %q, want %q", page.NextLink, want)
	}

	resp = emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$skip=5", Token: writer(t)})
	page.NextLink = ""
	decode(t, resp, &page)
	if len(page.Value) != 0 || page.NextLink != "" {
		t.Errorf("past the end: %s, want an empty page without a link", resp.Body)
	}
	if !strings.Contains(string(resp.Body), `"value":[]`) {
		t.Errorf("an empty page must have \"value\":[], got %s", resp.Body)
	}
}

// TestUpdateMerges applies PATCH bodies: the properties given replace the
// stored ones (a target as a whole), the others keep their values.
func TestUpdateMerges(t *testing.T) {
	original := map[string]any{
		"@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
		"target": map[string]any{
			"@odata.type": "#microsoft.graph.groupAssignmentTarget",
			"groupId":     "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f",
			"deviceAndAppManagementAssignmentFilterId":   "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
			"deviceAndAppManagementAssignmentFilterType": "include",
		},
		"source":   "direct",
		"sourceId": "kept",
	}
	tests := []struct {
		name  string
		patch map[string]any
		want  func(stored map[string]any) // changes original into the expected result
	}{
		{
			name:  "target only",
			patch: map[string]any{"target": map[string]any{"@odata.type": "microsoft.graph.allDevicesAssignmentTarget"}},
			want: func(m map[string]any) {
				m["target"] = map[string]any{"@odata.type": "microsoft.graph.allDevicesAssignmentTarget"}
			},
		},
		{
			name:  "source and sourceId",
			patch: map[string]any{"source": "policySets", "sourceId": "policy-set-1"},
			want:  func(m map[string]any) { m["source"], m["sourceId"] = "policySets", "policy-set-1" },
		},
		{
			name:  "bare @odata.type",
			patch: map[string]any{"@odata.type": "microsoft.graph.enrollmentConfigurationAssignment"},
			want:  func(m map[string]any) { m["@odata.type"] = "microsoft.graph.enrollmentConfigurationAssignment" },
		},
		{
			name:  "empty body changes nothing",
			patch: map[string]any{},
			want:  func(map[string]any) {},
		},
		{
			name:  "null clears sourceId",
			patch: map[string]any{"sourceId": nil},
			want:  func(m map[string]any) { delete(m, "sourceId") },
		},
		{
			name:  "null filter id in a new target",
			patch: map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterId": nil}},
			want: func(m map[string]any) {
				m["target"] = map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterId": nil}
			},
		},
		{
			name:  "control information is ignored",
			patch: map[string]any{"@odata.context": "https://graph.microsoft.com/beta/$metadata#x", "@odata.etag": `W/"1"`, "@odata.id": "x", "@odata.editLink": "x"},
			want:  func(map[string]any) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := startEmulator(t)
			created := emu.create(t, original)
			id := created["id"].(string)
			patch := maps.Clone(tt.patch)
			patch["id"] = id // the same id as the path is allowed
			want := maps.Clone(created)
			tt.want(want)
			want = answered(want)

			resp := emu.do(t, spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, id), Body: patch, Token: writer(t)})
			if resp.Status != http.StatusOK {
				t.Fatalf("patch: %d %s", resp.Status, resp.Body)
			}
			var updated map[string]any
			decode(t, resp, &updated)
			if diff := cmp.Diff(want, withoutContext(t, updated, "/assignments/$entity")); diff != "" {
				t.Errorf("PATCH response (-want +got):\n%s", diff)
			}
			all, _ := emu.listAll(t, knownConfig, 0)
			if diff := cmp.Diff([]map[string]any{want}, all); diff != "" {
				t.Errorf("stored (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUpdateSpecExamples sends every PATCH example of the spec to a stored
// assignment and expects the example's response for it.
func TestUpdateSpecExamples(t *testing.T) {
	op := operation(t, "updateAssignment")
	responses := map[string]any{}
	for _, ex := range op.ResponseExamples("200") {
		responses[ex.Name] = ex.Value
	}
	for _, ex := range op.RequestExamples() {
		t.Run(ex.Name, func(t *testing.T) {
			want, ok := responses[ex.Name].(map[string]any)
			if !ok {
				t.Fatalf("no 200 example named %q", ex.Name)
			}
			emu := startEmulator(t)
			// The stored assignment: the example response's id, another target.
			emu.create(t, map[string]any{
				"id":     want["id"],
				"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"},
			})
			resp := emu.do(t, spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, want["id"].(string)), Body: ex.Value, Token: writer(t)})
			if resp.Status != http.StatusOK {
				t.Fatalf("patch: %d %s", resp.Status, resp.Body)
			}
			var got map[string]any
			decode(t, resp, &got)
			if diff := cmp.Diff(answered(want), withoutContext(t, withoutNil(got), "/assignments/$entity")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDelete removes one assignment and leaves the others in order.
func TestDelete(t *testing.T) {
	emu := startEmulator(t)
	var ids []string
	for range 3 {
		ids = append(ids, emu.create(t, seedBody(t, "seed-create-request.json"))["id"].(string))
	}
	resp := emu.do(t, spectest.Request{Method: http.MethodDelete, Path: assignmentPath(knownConfig, ids[1]), Token: writer(t)})
	if resp.Status != http.StatusNoContent || len(resp.Body) != 0 {
		t.Fatalf("delete: %d %q, want 204 without a body", resp.Status, resp.Body)
	}
	checkGraphError(t, emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, ids[1]), Token: writer(t)}),
		http.StatusNotFound, "ResourceNotFound")
	checkGraphError(t, emu.do(t, spectest.Request{Method: http.MethodDelete, Path: assignmentPath(knownConfig, ids[1]), Token: writer(t)}),
		http.StatusNotFound, "ResourceNotFound")
	all, _ := emu.listAll(t, knownConfig, 0)
	var got []string
	for _, a := range all {
		got = append(got, a["id"].(string))
	}
	if diff := cmp.Diff([]string{ids[0], ids[2]}, got); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}
}

// TestAssignReplaces sends every assign example of the spec to a
// configuration that already has an assignment: afterwards the list is
// exactly the example's items, in order, ids added where missing.
func TestAssignReplaces(t *testing.T) {
	for _, ex := range operation(t, "assign").RequestExamples() {
		t.Run(ex.Name, func(t *testing.T) {
			emu := startEmulator(t)
			before := emu.create(t, seedBody(t, "seed-create-request.json"))
			resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: ex.Value, Token: writer(t)})
			if resp.Status != http.StatusNoContent || len(resp.Body) != 0 {
				t.Fatalf("assign: %d %q, want 204 without a body", resp.Status, resp.Body)
			}
			items := ex.Value.(map[string]any)["enrollmentConfigurationAssignments"].([]any)
			all, _ := emu.listAll(t, knownConfig, 0)
			if len(all) != len(items) {
				t.Fatalf("listed %d assignments, want the %d assigned", len(all), len(items))
			}
			seen := map[string]bool{}
			for i, item := range items {
				want := maps.Clone(item.(map[string]any))
				got := all[i]
				id, _ := got["id"].(string)
				if id == "" || seen[id] || id == before["id"] && want["id"] == nil {
					t.Errorf("item %d: id %q is not a new unique id", i, id)
				}
				seen[id] = true
				if want["id"] == nil {
					want["id"] = id
				}
				if diff := cmp.Diff(answered(want), got); diff != "" {
					t.Errorf("item %d (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

// TestAssignIsAtomic sends a set that fails (a duplicate id) to a
// configuration with assignments: nothing changes.
func TestAssignIsAtomic(t *testing.T) {
	emu := startEmulator(t)
	before := emu.create(t, seedBody(t, "seed-create-request.json"))
	target := map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}
	body := map[string]any{"enrollmentConfigurationAssignments": []any{
		map[string]any{"target": target},
		map[string]any{"id": "dup", "target": target},
		map[string]any{"id": "dup", "target": target},
	}}
	ge := checkGraphError(t, emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: body, Token: writer(t)}),
		http.StatusBadRequest, "BadRequest")
	if value(ge.Error.Target) != "enrollmentConfigurationAssignments[2].id" {
		t.Errorf("error.target = %q, want the second duplicate", value(ge.Error.Target))
	}
	all, _ := emu.listAll(t, knownConfig, 0)
	if diff := cmp.Diff([]map[string]any{before}, all); diff != "" {
		t.Errorf("the set changed (-want +got):\n%s", diff)
	}
}

// TestConfigurationsAreSeparate keeps each configuration's assignments
// apart: the same id may exist in two configurations.
func TestConfigurationsAreSeparate(t *testing.T) {
	emu := startEmulator(t)
	other := "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultLimit"
	body := map[string]any{"id": "same-id", "target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}
	for _, cfg := range []string{knownConfig, other} {
		resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: assignmentsPath(cfg), Body: body, Token: writer(t)})
		if resp.Status != http.StatusCreated {
			t.Fatalf("create in %s: %d %s", cfg, resp.Status, resp.Body)
		}
	}
	emu.do(t, spectest.Request{Method: http.MethodDelete, Path: assignmentPath(other, "same-id"), Token: writer(t)})
	if all, _ := emu.listAll(t, knownConfig, 0); len(all) != 1 {
		t.Errorf("deleting in one configuration changed the other: %v", all)
	}
}

// TestCorrelationHeaders echoes the client's client-request-id in the
// header (checked by do) and in error bodies.
func TestCorrelationHeaders(t *testing.T) {
	emu := startEmulator(t)
	const clientID = "6e5d4c3b-2a19-4087-b6a5-c4d3e2f1a0b9"
	tests := []struct {
		name   string
		req    spectest.Request
		status int
		code   string
	}{
		{"success", spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: writer(t)}, http.StatusOK, ""},
		{"handler error", spectest.Request{Method: http.MethodGet, Path: assignmentsPath(unknownConfig), Token: writer(t)}, http.StatusNotFound, "ResourceNotFound"},
		{"middleware error", spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig)}, http.StatusUnauthorized, "InvalidAuthenticationToken"},
		{"router error", spectest.Request{Method: http.MethodGet, Path: "/beta/unknown", Token: writer(t)}, http.StatusNotFound, "ResourceNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Header = map[string]string{"client-request-id": clientID}
			resp := emu.do(t, tt.req)
			if tt.code == "" {
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d", resp.Status, tt.status)
				}
				return
			}
			ge := checkGraphError(t, resp, tt.status, tt.code)
			if value(ge.Error.InnerError.ClientRequestId) != clientID {
				t.Errorf("innerError.client-request-id = %q, want %q", value(ge.Error.InnerError.ClientRequestId), clientID)
			}
		})
	}
}

// TestServiceEndpoints covers /healthz and the served spec.
func TestServiceEndpoints(t *testing.T) {
	emu := startEmulator(t)
	resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/healthz"})
	if resp.Status != http.StatusOK {
		t.Errorf("/healthz: %d", resp.Status)
	}
	resp = emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/openapi.json"})
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	decode(t, resp, &doc)
	if want := len(spectest.Spec().Doc.Paths.Map()); doc.OpenAPI != "3.0.3" || len(doc.Paths) != want {
		t.Errorf("/openapi.json: openapi %q with %d paths, want 3.0.3 with %d", doc.OpenAPI, len(doc.Paths), want)
	}
	if !strings.Contains(string(resp.Body), `"operationId":"listAssignments"`) {
		t.Error("/openapi.json does not keep the spec's operationIds")
	}
	resp = emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/openapi.yaml"})
	if !strings.HasPrefix(string(resp.Body), "openapi: 3.0.3") {
		t.Errorf("/openapi.yaml starts %q", string(resp.Body[:min(40, len(resp.Body))]))
	}
}

func operation(t testing.TB, id string) specdoc.Operation {
	t.Helper()
	op, ok := specdoc.OperationByID(id)
	if !ok {
		t.Fatalf("no operation %q", id)
	}
	return op
}

// withoutNil drops null members, which the spec's examples leave out.
func withoutNil(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if v != nil {
			out[k] = v
		}
	}
	return out
}
