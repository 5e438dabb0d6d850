package client_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// Which optional fields of the assignment a fuzz input sets.
const (
	setOdataType = 1 << iota
	setID
	setSource
	setSourceID
	setTarget // updateAssignment only: target is optional there
)

// FuzzRequests checks the acceptance rule of the client: for any input the
// typed API takes, either the call fails with ErrInvalidInput and sends
// nothing, or the request it sends passes the spec's validation. And the
// client is not stricter than the spec: a body it refuses, sent by the
// generated client as it is, fails validation too.
func FuzzRequests(f *testing.F) {
	targets := []string{
		`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`,
		`{"@odata.type":"microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterType":"exclude","deviceAndAppManagementAssignmentFilterId":"f"}`,
		`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`,
		`{"@odata.type":"microsoft.graph.allLicensedUsersAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"none"}`,
		`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}`,
		`{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}`,
		`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":""}`,
		`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g"}`,
		`{"@odata.type":"#microsoft.graph.unknown"}`,
		`{"groupId":"g"}`,
		`{"@odata.type":`,
		`null`,
		``,
	}
	for op := range uint8(7) {
		for i, target := range targets {
			f.Add(op, configID, assignmentID, []byte(target), uint8(i*7), "#microsoft.graph.enrollmentConfigurationAssignment", "id-1", "direct", "source", 10, 0)
		}
	}
	f.Add(uint8(0), "", assignmentID, []byte(targets[0]), uint8(0), "", "", "", "", 0, 0)
	f.Add(uint8(2), configID, "..", []byte(targets[0]), uint8(0), "", "", "", "", 0, 0)
	f.Add(uint8(3), "a/b?c#d", "%2e%2e", []byte(targets[2]), uint8(31), "microsoft.graph.enrollmentConfigurationAssignment", "", "policySets", "", 0, 0)
	f.Add(uint8(1), configID, assignmentID, []byte(targets[0]), uint8(31), "other", "x", "elsewhere", "", 0, 0)
	f.Add(uint8(5), configID, assignmentID, []byte(targets[4]), uint8(0), "", "", "", "", 1000, -1)
	f.Add(uint8(5), configID, assignmentID, []byte(targets[4]), uint8(0), "", "", "", "", 999, 2147483648)
	f.Add(uint8(5), configID, assignmentID, []byte(targets[0]), uint8(0), "id,source", "", "", "isof(target, 'microsoft.graph.groupAssignmentTarget')", 2, 1)
	f.Add(uint8(5), configID, assignmentID, []byte(targets[0]), uint8(0), "id,,source", "", "", "a&b=c+d%#", 0, 0)
	f.Add(uint8(6), configID, assignmentID, []byte(targets[0]), uint8(0), "", "", "", "source eq 'direct'", 0, 0)
	f.Add(uint8(2), configID, assignmentID, []byte(targets[0]), uint8(0), "id,target", "", "", "", 0, 0)

	// The fake only records the requests the spec refuses: the test sends
	// some on purpose, and judges them itself.
	fake := spectest.StartFakeGraph(prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusNotFound}), nil)
	f.Cleanup(fake.Close)
	c := newTestClient(f, fake, noRetries)

	f.Fuzz(func(t *testing.T, op uint8, cid, aid string, rawTarget []byte, set uint8, odataType, id, source, sourceID string, top, skip int) {
		var target client.AssignmentTarget
		_ = target.UnmarshalJSON(rawTarget)
		a := client.Assignment{Target: target}
		u := client.AssignmentUpdate{}
		if set&setOdataType != 0 {
			v := gen.EnrollmentConfigurationAssignmentOdataType(odataType)
			a.OdataType, u.OdataType = &v, &v
		}
		if set&setID != 0 {
			a.Id, u.Id = &id, &id
		}
		if set&setSource != 0 {
			v := gen.DeviceAndAppManagementAssignmentSource(source)
			a.Source, u.Source = &v, &v
		}
		if set&setSourceID != 0 {
			a.SourceId, u.SourceId = &sourceID, &sourceID
		}
		if set&setTarget != 0 {
			u.Target = &target
		}

		fake.Reset()
		ctx := t.Context()
		var callErr error
		var request func() (*http.Request, error) // the generated client's request for the same input
		switch op % 7 {
		case 0:
			_, callErr = c.CreateAssignment(ctx, cid, a)
			request = func() (*http.Request, error) { return gen.NewCreateAssignmentRequest(fake.URL, cid, a) }
		case 1:
			_, callErr = c.UpdateAssignment(ctx, cid, aid, u)
			request = func() (*http.Request, error) { return gen.NewUpdateAssignmentRequest(fake.URL, cid, aid, u) }
		case 2:
			_, callErr = c.GetAssignment(ctx, cid, aid, client.GetOptions{Select: splitList(odataType)})
		case 3:
			callErr = c.DeleteAssignment(ctx, cid, aid)
		case 4:
			list := []client.Assignment{a, {Target: client.AllDevicesTarget()}}
			callErr = c.Assign(ctx, cid, list)
			request = func() (*http.Request, error) {
				return gen.NewAssignRequest(fake.URL, cid, gen.AssignRequest{EnrollmentConfigurationAssignments: list})
			}
		case 5:
			// The query options take the strings the fields above do not use.
			_, callErr = c.ListAssignmentsPage(ctx, cid, client.ListOptions{
				Top: top, Skip: skip, Select: splitList(odataType), Filter: sourceID, OrderBy: splitList(source), Count: top%2 == 0,
			})
		case 6:
			_, callErr = c.CountAssignments(ctx, cid, client.CountOptions{Filter: sourceID})
		}

		if errors.Is(callErr, client.ErrInvalidInput) {
			if n := len(fake.Requests()); n != 0 || fake.Invalid() != nil {
				t.Fatalf("refused with %v, yet sent %d valid requests and these invalid ones: %v", callErr, n, fake.Invalid())
			}
			// Not stricter than the spec: the same body, sent as it is,
			// fails validation. (Ids are left out: '.' and '..' are refused
			// because the URL cannot carry them, not because of a schema.)
			if request == nil || cid == "." || cid == ".." || aid == "." || aid == ".." {
				return
			}
			req, err := request()
			if err != nil {
				return // not even the generated client can send it
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			rsp, err := fake.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = rsp.Body.Close()
			if fake.Invalid() == nil {
				t.Fatalf("the client refused a request that passes the spec's validation: %v", callErr)
			}
			return
		}
		if err := fake.Invalid(); err != nil {
			t.Fatalf("sent a request that fails the spec's validation: %v", err)
		}
		if len(fake.Requests()) != 1 {
			t.Fatalf("%d requests for one call (error %v), want 1", len(fake.Requests()), callErr)
		}
	})
}

// splitList splits a fuzzed string into the items of a list option; "" is none.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
