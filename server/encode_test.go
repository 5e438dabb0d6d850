package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/gen"
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
	tests := map[string]Assignment{
		"only a target": {Target: target(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`)},
		"every property": {OdataType: &hashed, Id: str("a1"), Source: &direct, SourceId: str("s1"),
			Target: target(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`)},
		"strings that need escaping": {Id: str("quote \" backslash \\ tab \t nl \n <>& é \u2028 \x01"), SourceId: str(""),
			Target: target(`{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"\u00e9\"\\"}`)},
		"target with white space": {Id: str("w"), Target: target("{ \"@odata.type\" : \"#microsoft.graph.allLicensedUsersAssignmentTarget\" }")},
		"zero target":             {Id: str("z")},
	}
	for name, a := range tests {
		t.Run(name, func(t *testing.T) {
			same(t, assignmentBody{status: 201, a: a}.VisitCreateAssignmentResponse, gen.CreateAssignment201JSONResponse(a).VisitCreateAssignmentResponse)
		})
	}
	var all []Assignment
	for _, a := range tests {
		all = append(all, a)
	}
	t.Run("page with a next link", func(t *testing.T) {
		link := "http://127.0.0.1:8080/beta/x?$skip=5&$top=5"
		same(t, assignmentsPage{value: all, nextLink: link}.VisitListAssignmentsResponse,
			gen.ListAssignments200JSONResponse{Value: all, OdataNextLink: &link}.VisitListAssignmentsResponse)
	})
	t.Run("last page", func(t *testing.T) {
		same(t, assignmentsPage{value: all}.VisitListAssignmentsResponse, gen.ListAssignments200JSONResponse{Value: all}.VisitListAssignmentsResponse)
	})
	t.Run("empty page", func(t *testing.T) {
		same(t, assignmentsPage{}.VisitListAssignmentsResponse, gen.ListAssignments200JSONResponse{Value: []Assignment{}}.VisitListAssignmentsResponse)
	})
}

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
