package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// call invokes the client method of one operation with a request example
// (nil for operations without a body) and returns its result (nil for
// operations without one).
type call func(ctx context.Context, c *client.Client, example any) (any, error)

// calls has the client method of each operationId of the spec.
var calls = map[string]call{
	"listAssignments": func(ctx context.Context, c *client.Client, _ any) (any, error) {
		return c.ListAssignmentsPage(ctx, configID, client.ListOptions{Top: 100, Skip: 2})
	},
	"createAssignment": func(ctx context.Context, c *client.Client, example any) (any, error) {
		return c.CreateAssignment(ctx, configID, decode[client.Assignment](example))
	},
	"getAssignment": func(ctx context.Context, c *client.Client, _ any) (any, error) {
		return c.GetAssignment(ctx, configID, assignmentID)
	},
	"updateAssignment": func(ctx context.Context, c *client.Client, example any) (any, error) {
		return c.UpdateAssignment(ctx, configID, assignmentID, decode[client.AssignmentUpdate](example))
	},
	"deleteAssignment": func(ctx context.Context, c *client.Client, _ any) (any, error) {
		return nil, c.DeleteAssignment(ctx, configID, assignmentID)
	},
	"assign": func(ctx context.Context, c *client.Client, example any) (any, error) {
		body := decode[struct {
			EnrollmentConfigurationAssignments []client.Assignment `json:"enrollmentConfigurationAssignments"`
		}](example)
		return nil, c.Assign(ctx, configID, body.EnrollmentConfigurationAssignments)
	},
}

// decode turns a spec example into the Go type the client method takes.
func decode[T any](example any) T {
	var v T
	raw, _ := json.Marshal(example)
	_ = json.Unmarshal(raw, &v)
	return v
}

// TestSuccessPaths calls every operation of the spec with each of its
// request examples, against a fake that answers with each example of the
// operation's success response. The request must pass the spec's
// validation, go to the operation's path, and carry the example as its
// body; the result must be the response example.
func TestSuccessPaths(t *testing.T) {
	doc, err := specdoc.LoadFile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ops := specdoc.Operations(doc)
	if len(ops) != len(calls) {
		t.Errorf("the spec has %d operations and the test calls %d", len(ops), len(calls))
	}
	for _, op := range ops {
		call, ok := calls[op.OperationID]
		if !ok {
			t.Errorf("no client method for operation %q", op.OperationID)
			continue
		}
		path, err := op.ExamplePath(nil)
		if err != nil {
			t.Fatal(err)
		}
		status, _ := strconv.Atoi(op.SuccessStatus())
		requests := op.RequestExamples()
		if !op.HasRequestBody() {
			requests = []specdoc.Example{{Name: "no body"}}
		}
		responses := op.ResponseExamples(op.SuccessStatus())
		if len(responses) == 0 {
			responses = []specdoc.Example{{Name: "no body"}}
		}
		for _, req := range requests {
			for _, rsp := range responses {
				t.Run(op.OperationID+"/"+req.Name+"/"+rsp.Name, func(t *testing.T) {
					fake := newGraphFake(t, scripted(reply{status: status, body: rsp.Value}))
					got, err := call(t.Context(), newTestClient(t, fake), req.Value)
					if err != nil {
						t.Fatalf("%s: %v", op.OperationID, err)
					}
					seen := fake.Requests()
					if len(seen) != 1 {
						t.Fatalf("%d requests, want 1", len(seen))
					}
					if seen[0].Op != op.OperationID || seen[0].Path != path {
						t.Errorf("request went to %s %s, want %s %s", seen[0].Op, seen[0].Path, op.OperationID, path)
					}
					if req.Value != nil {
						if diff := cmp.Diff(jsonValue(t, req.Value), jsonValue(t, seen[0].Body)); diff != "" {
							t.Errorf("request body (-example +sent):\n%s", diff)
						}
					} else if len(seen[0].Body) != 0 {
						t.Errorf("sent a body %s to an operation without one", seen[0].Body)
					}
					if rsp.Value != nil {
						if diff := cmp.Diff(jsonValue(t, rsp.Value), jsonValue(t, got)); diff != "" {
							t.Errorf("result (-example +got):\n%s", diff)
						}
					}
				})
			}
		}
	}
}

// TestListQuery checks the query of ListAssignmentsPage: options at their
// zero value are left out, the others sent as the spec names them.
func TestListQuery(t *testing.T) {
	tests := []struct {
		opts client.ListOptions
		want string
	}{
		{client.ListOptions{}, ""},
		{client.ListOptions{Top: 1}, "%24top=1"},
		{client.ListOptions{Top: 999, Skip: 5}, "%24skip=5&%24top=999"},
		{client.ListOptions{Skip: 1}, "%24skip=1"},
	}
	fake := newGraphFake(t, scripted(reply{status: http.StatusOK, body: map[string]any{"value": []any{}}}))
	c := newTestClient(t, fake)
	for _, tt := range tests {
		fake.Reset()
		if _, err := c.ListAssignmentsPage(t.Context(), configID, tt.opts); err != nil {
			t.Fatalf("%+v: %v", tt.opts, err)
		}
		if got := fake.Requests()[0].Query.Encode(); got != tt.want {
			t.Errorf("%+v: query %q, want %q", tt.opts, got, tt.want)
		}
	}
}

// TestHeaders checks the headers every request carries: the token, the
// User-Agent, and a fresh client-request-id per call.
func TestHeaders(t *testing.T) {
	fake := newGraphFake(t, scripted(reply{status: http.StatusNoContent}))
	c := newTestClient(t, fake, client.WithUserAgent("intune-tests/1.0"))
	for range 3 {
		if err := c.DeleteAssignment(t.Context(), configID, assignmentID); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, r := range fake.Requests() {
		if got := r.Header.Get("User-Agent"); got != "intune-tests/1.0" {
			t.Errorf("User-Agent %q", got)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("Authorization %q", got)
		}
		ids[r.Header.Get("client-request-id")] = true
	}
	if len(ids) != 3 || ids[""] {
		t.Errorf("client-request-ids %v, want 3 distinct ones", ids)
	}
}

// TestUnexpectedSuccess checks that a 2xx other than the operation's, or a
// success body that is not JSON, is an error rather than an empty result.
func TestUnexpectedSuccess(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
	}{
		{"200 for a create", reply{status: http.StatusOK, body: map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}}},
		{"201 without JSON", reply{status: http.StatusCreated, header: map[string]string{"Content-Type": "text/plain"}, body: []byte("created")}},
		{"201 with broken JSON", reply{status: http.StatusCreated, header: map[string]string{"Content-Type": "application/json"}, body: []byte(`{"id":`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newGraphFake(t, scripted(tt.reply))
			got, err := newTestClient(t, fake).CreateAssignment(t.Context(), configID, client.Assignment{Target: client.AllDevicesTarget()})
			if err == nil {
				t.Fatalf("no error, result %+v", got)
			}
			t.Log(err)
		})
	}
}

// TestMemGraphRoundTrip runs every method against the in-memory fake, as a
// program would use them one after the other.
func TestMemGraphRoundTrip(t *testing.T) {
	fake := newGraphFake(t, newEmulator(100))
	c := newTestClient(t, fake)
	ctx := t.Context()

	created, err := c.CreateAssignment(ctx, configID, client.Assignment{Target: client.GroupTarget("g1")})
	if err != nil {
		t.Fatal(err)
	}
	if created.Id == nil || *created.Id == "" {
		t.Fatalf("created assignment has no id: %+v", created)
	}
	target := client.AllLicensedUsersTarget(client.ExcludeFilter("f1"))
	updated, err := c.UpdateAssignment(ctx, configID, *created.Id, client.AssignmentUpdate{Target: &target})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetAssignment(ctx, configID, *created.Id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jsonValue(t, updated), jsonValue(t, got)); diff != "" {
		t.Errorf("get after update (-updated +got):\n%s", diff)
	}
	if diff := cmp.Diff(jsonValue(t, target), jsonValue(t, got.Target)); diff != "" {
		t.Errorf("target (-sent +stored):\n%s", diff)
	}
	if err := c.Assign(ctx, configID, []client.Assignment{{Target: client.AllDevicesTarget()}, {Target: client.ExclusionGroupTarget("g2")}}); err != nil {
		t.Fatal(err)
	}
	var n int
	for _, err := range c.ListAssignments(ctx, configID, client.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("listed %d assignments after assign, want 2", n)
	}
	if err := c.DeleteAssignment(ctx, configID, *created.Id); err == nil {
		t.Error("deleted an assignment that assign had removed")
	}
	if err := c.Assign(ctx, configID, nil); err != nil {
		t.Fatalf("assign nil: %v", err)
	}
	page, err := c.ListAssignmentsPage(ctx, configID, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Value) != 0 {
		t.Errorf("%d assignments after assigning none", len(page.Value))
	}
}
