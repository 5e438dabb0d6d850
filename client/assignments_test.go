package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// input is what a call sends: a request body example (nil for operations
// without a body) and query options, by parameter name (nil for none).
type input struct {
	body  any
	query map[string]any
}

// call invokes the client method of one operation with in and returns its
// result (nil for operations without one).
type call func(ctx context.Context, c *client.Client, in input) (any, error)

// calls has the client method of each operationId of the spec, but for the
// aliases (x-alias-of), which the method of the operation they name serves.
var calls = map[string]call{
	"listAssignments": func(ctx context.Context, c *client.Client, in input) (any, error) {
		return c.ListAssignmentsPage(ctx, configID, client.ListOptions{
			Top:     queryInt(in.query["$top"]),
			Skip:    queryInt(in.query["$skip"]),
			Select:  queryList(in.query["$select"]),
			Filter:  queryString(in.query["$filter"]),
			OrderBy: queryList(in.query["$orderby"]),
			Count:   in.query["$count"] == true,
		})
	},
	"countAssignments": func(ctx context.Context, c *client.Client, in input) (any, error) {
		return c.CountAssignments(ctx, configID, client.CountOptions{Filter: queryString(in.query["$filter"])})
	},
	"createAssignment": func(ctx context.Context, c *client.Client, in input) (any, error) {
		return c.CreateAssignment(ctx, configID, decode[client.Assignment](in.body))
	},
	"getAssignment": func(ctx context.Context, c *client.Client, in input) (any, error) {
		if in.query == nil {
			return c.GetAssignment(ctx, configID, assignmentID)
		}
		return c.GetAssignment(ctx, configID, assignmentID, client.GetOptions{Select: queryList(in.query["$select"])})
	},
	"updateAssignment": func(ctx context.Context, c *client.Client, in input) (any, error) {
		return c.UpdateAssignment(ctx, configID, assignmentID, decode[client.AssignmentUpdate](in.body))
	},
	"deleteAssignment": func(ctx context.Context, c *client.Client, _ input) (any, error) {
		return nil, c.DeleteAssignment(ctx, configID, assignmentID)
	},
	"assign": func(ctx context.Context, c *client.Client, in input) (any, error) {
		body := decode[struct {
			EnrollmentConfigurationAssignments []client.Assignment `json:"enrollmentConfigurationAssignments"`
		}](in.body)
		return nil, c.Assign(ctx, configID, body.EnrollmentConfigurationAssignments)
	},
	"batch": func(ctx context.Context, c *client.Client, in input) (any, error) {
		return c.SendBatch(ctx, decode[client.BatchRequest](in.body))
	},
}

// served returns the operationId whose client method serves op: the
// operation it is another name of (its x-alias-of), or itself.
func served(op specdoc.Operation) string {
	if target := op.AliasOf(); target != "" {
		return target
	}
	return op.OperationID
}

// decode turns a spec example into the Go type the client method takes.
func decode[T any](example any) T {
	var v T
	raw, _ := json.Marshal(example)
	_ = json.Unmarshal(raw, &v)
	return v
}

// The query option examples of the spec as the typed options take them.
func queryString(v any) string { s, _ := v.(string); return s }

func queryInt(v any) int {
	n, _ := v.(float64)
	return int(n)
}

func queryList(v any) []string {
	if s := queryString(v); s != "" {
		return strings.Split(s, ",")
	}
	return nil
}

// pairedQuery is the query of the examples of op's query parameters named
// name, as a response example pairs with them; nil when none is.
func pairedQuery(op specdoc.Operation, name string) map[string]any {
	var query map[string]any
	for _, ref := range op.Parameters() {
		p := ref.Value
		if p.In != "query" || p.Examples[name] == nil || p.Examples[name].Value == nil {
			continue
		}
		if query == nil {
			query = map[string]any{}
		}
		query[p.Name] = p.Examples[name].Value.Value
	}
	return query
}

// successExamples lists the examples of op's success response, JSON or
// plain text, with the Content-Type to answer them with.
func successExamples(op specdoc.Operation) ([]specdoc.Example, string) {
	status := op.SuccessStatus()
	return op.ResponseExamples(status), op.ResponseMediaType(status)
}

// TestSuccessPaths calls every operation of the spec with each of its
// request examples, against a fake that answers with each example of the
// operation's success response. The call sends the query of the parameter
// examples that share the response example's name. The request must pass
// the spec's validation, go to the operation's path with that query, and
// carry the example as its body; the result must be the response example.
// An alias is called through the method of the operation it stands for, and
// its request goes to that operation.
func TestSuccessPaths(t *testing.T) {
	ops := specdoc.Operations(specdoc.Embedded())
	aliases := 0
	for _, op := range ops {
		target := op.AliasOf()
		if target == "" {
			continue
		}
		aliases++
		if _, ok := specdoc.OperationByID(target); !ok {
			t.Errorf("%q is an alias of %q, which is not an operation of the spec", op.OperationID, target)
		}
		if _, ok := calls[target]; !ok {
			t.Errorf("%q is an alias of %q, which has no client method", op.OperationID, target)
		}
		if _, ok := calls[op.OperationID]; ok {
			t.Errorf("alias %q has a client method of its own", op.OperationID)
		}
	}
	if len(ops) != len(calls)+aliases {
		t.Errorf("the spec has %d operations and the test calls %d, with %d aliases", len(ops), len(calls), aliases)
	}
	for _, op := range ops {
		call, ok := calls[served(op)]
		if !ok {
			t.Errorf("no client method for operation %q", op.OperationID)
			continue
		}
		sent, _ := specdoc.OperationByID(served(op))
		path, err := sent.ExamplePath(nil)
		if err != nil {
			t.Fatal(err)
		}
		status, _ := strconv.Atoi(op.SuccessStatus())
		requests := op.RequestExamples()
		if !op.HasRequestBody() {
			requests = []specdoc.Example{{Name: "no body"}}
		}
		responses, contentType := successExamples(op)
		if len(responses) == 0 {
			responses = []specdoc.Example{{Name: "no body"}}
		}
		for _, req := range requests {
			for _, rsp := range responses {
				t.Run(op.OperationID+"/"+req.Name+"/"+rsp.Name, func(t *testing.T) {
					rep := spectest.Reply{Status: status, Body: rsp.Value}
					if contentType == "text/plain" {
						rep = spectest.Reply{Status: status, Header: map[string]string{"Content-Type": contentType}, Body: []byte(fmt.Sprint(rsp.Value))}
					}
					fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(rep))
					query := pairedQuery(op, rsp.Name)
					got, err := call(t.Context(), newTestClient(t, fake), input{body: req.Value, query: query})
					if err != nil {
						t.Fatalf("%s: %v", op.OperationID, err)
					}
					seen := fake.Requests()
					if len(seen) != 1 {
						t.Fatalf("%d requests, want 1", len(seen))
					}
					if seen[0].Op != sent.OperationID || seen[0].Path != path {
						t.Errorf("request went to %s %s, want %s %s", seen[0].Op, seen[0].Path, sent.OperationID, path)
					}
					wantQuery := url.Values{}
					for name, value := range query {
						wantQuery.Set(name, fmt.Sprint(value))
					}
					if diff := cmp.Diff(wantQuery, seen[0].Query, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("query (-paired examples +sent):\n%s", diff)
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
		name string
		opts client.ListOptions
		want string // the query as sent
	}{
		{"zero value", client.ListOptions{}, ""},
		{"$top", client.ListOptions{Top: 1}, "$top=1"},
		{"$top and $skip", client.ListOptions{Top: 999, Skip: 5}, "$top=999&$skip=5"},
		{"$skip", client.ListOptions{Skip: 1}, "$skip=1"},
		{"$select", client.ListOptions{Select: []string{"id", "target"}}, "$select=id,target"},
		{"$select all", client.ListOptions{Select: []string{"*"}}, "$select=*"},
		{"empty $select", client.ListOptions{Select: []string{}}, ""},
		{"$filter isof", client.ListOptions{Filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')"},
			"$filter=isof(target,%20'microsoft.graph.groupAssignmentTarget')"},
		{"$filter with characters a query gives a meaning", client.ListOptions{Filter: "sourceId eq 'a&b=c+d%e#f;g?'"},
			"$filter=sourceId%20eq%20'a%26b%3Dc%2Bd%25e%23f%3Bg%3F'"},
		{"$filter beyond ASCII", client.ListOptions{Filter: "target/groupId eq 'grüppe'"},
			"$filter=target/groupId%20eq%20'gr%C3%BCppe'"},
		{"$orderby", client.ListOptions{OrderBy: []string{"id desc"}}, "$orderby=id%20desc"},
		{"$orderby of two", client.ListOptions{OrderBy: []string{"source", "id desc"}}, "$orderby=source,id%20desc"},
		{"$count", client.ListOptions{Count: true}, "$count=true"},
		{"every option, in the spec's order", client.ListOptions{
			Top: 2, Skip: 1, Select: []string{"id", "source"}, Filter: "source eq 'direct'", OrderBy: []string{"id desc"}, Count: true,
		}, "$top=2&$skip=1&$select=id,source&$filter=source%20eq%20'direct'&$orderby=id%20desc&$count=true"},
	}
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusOK, Body: map[string]any{"value": []any{}}}))
	c := newTestClient(t, fake)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			if _, err := c.ListAssignmentsPage(t.Context(), configID, tt.opts); err != nil {
				t.Fatal(err)
			}
			seen := fake.Requests()
			if got := seen[0].RawQuery; got != tt.want {
				t.Errorf("query %q, want %q", got, tt.want)
			}
			// What the service reads back is what the options said.
			want := url.Values{}
			set := func(name, value string) {
				if value != "" {
					want.Set(name, value)
				}
			}
			if tt.opts.Top != 0 {
				set("$top", strconv.Itoa(tt.opts.Top))
			}
			if tt.opts.Skip != 0 {
				set("$skip", strconv.Itoa(tt.opts.Skip))
			}
			set("$select", strings.Join(tt.opts.Select, ","))
			set("$filter", tt.opts.Filter)
			set("$orderby", strings.Join(tt.opts.OrderBy, ","))
			if tt.opts.Count {
				set("$count", "true")
			}
			if diff := cmp.Diff(want, seen[0].Query, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("query as read (-options +read):\n%s", diff)
			}
		})
	}
}

// TestHeaders checks the headers every request carries: the token, the
// User-Agent, and a fresh client-request-id per call.
func TestHeaders(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusNoContent}))
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
		reply spectest.Reply
	}{
		{"200 for a create", spectest.Reply{Status: http.StatusOK, Body: map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}}},
		{"201 without JSON", spectest.Reply{Status: http.StatusCreated, Header: map[string]string{"Content-Type": "text/plain"}, Body: []byte("created")}},
		{"201 with broken JSON", spectest.Reply{Status: http.StatusCreated, Header: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{"id":`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(tt.reply))
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
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(100))
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
