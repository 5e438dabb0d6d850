package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/store"
)

// TestEncodersMatchTheGeneratedOnes writes assignments of every shape with
// the hand-written encoders and with the generated response types
// (encoding/json): the two bodies must decode to the same value.
func TestEncodersMatchTheGeneratedOnes(t *testing.T) {
	str := func(s string) *string { return &s }
	hashed := gen.EnrollmentConfigurationAssignmentOdataTypeHashed
	direct := gen.SourceDirect
	target := func(raw string) gen.AssignmentTarget {
		var tg gen.AssignmentTarget
		if err := tg.UnmarshalJSON([]byte(raw)); err != nil {
			t.Fatal(err)
		}
		return tg
	}
	tests := map[string]store.Assignment{
		"only a target": {Target: target(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`)},
		"every property": {OdataType: &hashed, Id: str("a1"), Source: &direct, SourceId: str("s1"),
			Target: target(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`)},
		"strings that need escaping": {Id: str("quote \" backslash \\ tab \t nl \n <>& é \u2028 \x01"), SourceId: str(""),
			Target: target(`{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"\u00e9\"\\"}`)},
		"target with white space": {Id: str("w"), Target: target("{ \"@odata.type\" : \"#microsoft.graph.allLicensedUsersAssignmentTarget\" }")},
		"zero target":             {Id: str("z")},
	}
	ctx := context.Background()
	for name, a := range tests {
		t.Run(name, func(t *testing.T) {
			context := contextURL(ctx, "c", 0, true)
			want := store.Canonical(a)
			want.OdataContext = &context
			same(t, assignmentBody(201, a, context, 0).VisitCreateAssignmentResponse, gen.CreateAssignment201JSONResponse(want).VisitCreateAssignmentResponse)
		})
	}

	// Lists, written by the MemStore itself and through store.Store.List alone.
	mem := store.NewMemStore([]string{"c"})
	for i, name := range slices.Sorted(maps.Keys(tests)) {
		a := tests[name]
		a.Id = str(fmt.Sprintf("%d %s", i, name))
		if err := mem.Create(ctx, "c", a); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []struct {
		name  string
		store store.Store
	}{{"MemStore", mem}, {"Store.List", listOnly{mem}}} {
		for _, q := range []struct{ skip, top int32 }{{0, 2}, {2, 2}, {4, 2}, {5, 2}, {0, 999}} {
			t.Run(fmt.Sprintf("%s $skip=%d $top=%d", st.name, q.skip, q.top), func(t *testing.T) {
				srv := NewHandlers(st.store)
				params := gen.ListAssignmentsParams{Skip: &q.skip, Top: &q.top}
				resp, err := srv.ListAssignments(ctx, gen.ListAssignmentsRequestObject{DeviceEnrollmentConfigurationId: "c", Params: params})
				if err != nil {
					t.Fatal(err)
				}
				page, total, err := mem.List(ctx, "c", int(q.skip), int(q.top))
				if err != nil {
					t.Fatal(err)
				}
				for i := range page {
					page[i] = store.Canonical(page[i])
				}
				context := contextURL(ctx, "c", 0, false)
				want := gen.ListAssignments200JSONResponse{OdataContext: &context, Value: page}
				if next := int(q.skip) + len(page); next < total {
					link := nextLink(ctx, "c", &listQuery{top: int(q.top)}, next)
					want.OdataNextLink = &link
				}
				same(t, resp.VisitListAssignmentsResponse, want.VisitListAssignmentsResponse)
			})
		}
	}
}

// TestBatchEncoderMatchesTheGeneratedOne writes a batch's answer, bodies
// with characters that HTML escaping would change included, with batchBody
// and with the generated response type: the same JSON.
func TestBatchEncoderMatchesTheGeneratedOne(t *testing.T) {
	headers := map[string]string{"Content-Type": "application/json", "Location": "https://a/b?c=1&d=<2>"}
	content := gen.BatchResponseContent{Responses: []gen.BatchResponseItem{
		{Id: "1 & <2>", Status: 201, Headers: &headers, Body: json.RawMessage(`{"id":"a&b","target":{"@odata.type":"x<y>"}}`)},
		{Id: "2", Status: 204},
		{Id: "3", Status: 200, Body: json.RawMessage(`"3"`)},
	}}
	same(t, batchBody(content).VisitBatchResponse, gen.Batch200JSONResponse(content).VisitBatchResponse)
}

// listOnly hides every method of a store.Store but the interface's.
type listOnly struct{ store.Store }

// same runs both writers and compares status, Content-Type and the decoded bodies.
func same(t *testing.T, ours, generated func(w http.ResponseWriter) error) {
	t.Helper()
	a, b := httptest.NewRecorder(), httptest.NewRecorder()
	if err := ours(a); err != nil {
		t.Fatal(err)
	}
	if err := generated(b); err != nil {
		t.Fatal(err)
	}
	if a.Code != b.Code || a.Header().Get("Content-Type") != b.Header().Get("Content-Type") {
		t.Errorf("status %d %q, generated %d %q", a.Code, a.Header().Get("Content-Type"), b.Code, b.Header().Get("Content-Type"))
	}
	var got, want any
	if err := json.Unmarshal(a.Body.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, a.Body)
	}
	if err := json.Unmarshal(b.Body.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("body differs from the generated encoding (-generated +ours):\n%s\nours: %s", diff, a.Body)
	}
}
