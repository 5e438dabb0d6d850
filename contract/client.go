package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// fakePrefix is where the fake Graph mounts the version root, so that a
// client that builds a wrong URL misses it and fails loudly.
const fakePrefix = "/contract-fake/beta"

// fakeToken is the bearer token the client is given, and the one the fake
// Graph accepts.
const fakeToken = "contract-token"

// ClientCase is one replay of a response example to the typed client.
type ClientCase struct {
	Name string
	Op   specdoc.Operation
	Uses []ExampleUse
	// request is the request example the client is called with (nil for
	// operations without a body); status and response are what the fake
	// answers.
	request  *specdoc.Example
	status   string
	response *specdoc.Example
}

// ClientCases lists a case for every request example and every response
// example of every operation.
func (s *Suite) ClientCases() []ClientCase {
	var cases []ClientCase
	for _, op := range s.Operations() {
		success := op.SuccessStatus()
		responses := map[string]specdoc.Example{}
		for _, ex := range op.ResponseExamples(success) {
			responses[ex.Name] = ex
		}
		var first *specdoc.Example
		if op.HasRequestBody() {
			for _, req := range op.RequestExamples() {
				req := req
				if first == nil {
					first = &req
				}
				c := ClientCase{Name: op.OperationID + "/client/" + req.Name, Op: op, request: &req, status: success}
				c.Uses = append(c.Uses, ExampleUse{Op: op, Example: req, Schema: op.RequestSchema()})
				if resp, ok := responses[req.Name]; ok {
					c.response = &resp
					c.Uses = append(c.Uses, ExampleUse{Op: op, Status: success, Example: resp, Schema: op.ResponseSchema(success)})
				}
				cases = append(cases, c)
			}
		} else if exs := op.ResponseExamples(success); len(exs) > 0 {
			for _, resp := range exs {
				resp := resp
				cases = append(cases, ClientCase{
					Name: op.OperationID + "/client/" + resp.Name, Op: op, status: success, response: &resp,
					Uses: []ExampleUse{{Op: op, Status: success, Example: resp, Schema: op.ResponseSchema(success)}},
				})
			}
		} else {
			cases = append(cases, ClientCase{Name: op.OperationID + "/client/" + success, Op: op, status: success})
		}
		for _, status := range op.Statuses() {
			if strings.HasPrefix(status, "2") {
				continue
			}
			for _, resp := range op.ResponseExamples(status) {
				resp := resp
				cases = append(cases, ClientCase{
					Name: op.OperationID + "/client/" + status + "/" + resp.Name, Op: op,
					request: first, status: status, response: &resp,
					Uses: []ExampleUse{{Op: op, Status: status, Example: resp, Schema: op.ResponseSchema(status)}},
				})
			}
		}
	}
	return cases
}

// ClientOption adjusts the client a case builds, on top of the contract's
// own options (fake base URL, static token, no retries).
type ClientOption = client.Option

// RunClient replays c's response example from a fake Graph that validates
// the client's request against the spec, and checks the typed result. It
// records the examples it exercised when it passes.
func (s *Suite) RunClient(ctx context.Context, c ClientCase, opts ...ClientOption) error {
	if err := s.runClient(ctx, c, opts); err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	for _, use := range c.Uses {
		s.Cover(use, DirectionClient)
	}
	return nil
}

func (s *Suite) runClient(ctx context.Context, c ClientCase, opts []ClientOption) error {
	// The fake Graph refuses a request that breaks the spec, security
	// included, and answers one that follows it with c's example.
	fake := spectest.StartFakeGraph(fakePrefix, fakeToken, replay(c), nil)
	defer fake.Close()
	cl, err := client.New(append([]ClientOption{
		client.WithBaseURL(fake.URL),
		client.WithHTTPClient(fake.Client),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: fakeToken})),
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1}),
	}, opts...)...)
	if err != nil {
		return err
	}
	result, callErr := call(ctx, cl, c)
	if err := fake.Invalid(); err != nil {
		return fmt.Errorf("the client's request does not follow the spec: %w", err)
	}
	if err := checkSent(c, fake.Requests()); err != nil {
		return err
	}
	if strings.HasPrefix(c.status, "2") {
		if callErr != nil {
			return fmt.Errorf("the client failed on the %s example: %w", c.status, callErr)
		}
		if c.response == nil {
			return nil
		}
		got, err := reencode(result)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(c.response.Value, got); diff != "" {
			return fmt.Errorf("the typed result, encoded again, differs from the response example (-example +result):\n%s", diff)
		}
		return nil
	}
	var apiErr *client.Error
	if !errors.As(callErr, &apiErr) {
		return fmt.Errorf("the %s example gave %v, want a *client.Error", c.status, callErr)
	}
	want := c.response.Value
	for _, field := range []struct {
		name string
		got  string
		path string
	}{
		{"Code", apiErr.Code, "error/code"},
		{"Message", apiErr.Message, "error/message"},
		{"RequestID", apiErr.RequestID, "error/innerError/request-id"},
		{"ClientRequestID", apiErr.ClientRequestID, "error/innerError/client-request-id"},
	} {
		w, _ := lookup(want, field.path)
		if field.got != fmt.Sprint(w) {
			return fmt.Errorf("typed error %s = %q, want %q from the example", field.name, field.got, w)
		}
	}
	if strconv.Itoa(apiErr.Status) != c.status {
		return fmt.Errorf("typed error Status = %d, want %s", apiErr.Status, c.status)
	}
	return nil
}

// call invokes the client method of c's operation (of the operation it is
// another name of, for an alias) with the inputs of its request example,
// the path parameters' examples and the query its response example pairs
// with.
func call(ctx context.Context, cl *client.Client, c ClientCase) (any, error) {
	cfg, item := configID(c.Op), itemID(c.Op)
	var query url.Values
	if c.response != nil {
		query = c.Op.QueryExample(c.response.Name)
	}
	list := func(name string) []string {
		if v := query.Get(name); v != "" {
			return strings.Split(v, ",")
		}
		return nil
	}
	switch servedBy(c.Op) {
	case "listAssignments":
		return cl.ListAssignmentsPage(ctx, cfg, client.ListOptions{
			Select: list("$select"), Filter: query.Get("$filter"), OrderBy: list("$orderby"), Count: query.Get("$count") == "true",
		})
	case "getAssignment":
		return cl.GetAssignment(ctx, cfg, item, client.GetOptions{Select: list("$select")})
	case "countAssignments":
		return cl.CountAssignments(ctx, cfg, client.CountOptions{Filter: query.Get("$filter")})
	case "deleteAssignment":
		return nil, cl.DeleteAssignment(ctx, cfg, item)
	case "createAssignment":
		var a client.Assignment
		if err := decodeExample(c.request, &a); err != nil {
			return nil, err
		}
		return cl.CreateAssignment(ctx, cfg, a)
	case "updateAssignment":
		var u client.AssignmentUpdate
		if err := decodeExample(c.request, &u); err != nil {
			return nil, err
		}
		return cl.UpdateAssignment(ctx, cfg, item, u)
	case "assign":
		var body struct {
			Assignments []client.Assignment `json:"enrollmentConfigurationAssignments"`
		}
		if err := decodeExample(c.request, &body); err != nil {
			return nil, err
		}
		return nil, cl.Assign(ctx, cfg, body.Assignments)
	case "batch":
		var body client.BatchRequest
		if err := decodeExample(c.request, &body); err != nil {
			return nil, err
		}
		return cl.SendBatch(ctx, body)
	}
	return nil, fmt.Errorf("the contract has no client call for operation %q", c.Op.OperationID)
}

// servedBy is the operation whose client method serves op: the one op is
// another name of (x-alias-of), or op itself.
func servedBy(op specdoc.Operation) string {
	if target := op.AliasOf(); target != "" {
		return target
	}
	return op.OperationID
}

func decodeExample(ex *specdoc.Example, into any) error {
	if ex == nil {
		return errors.New("no request example to call the client with")
	}
	raw, err := json.Marshal(ex.Value)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}

func reencode(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(raw, &out)
}

// checkSent requires the client to have called c's operation (the one it
// is another name of, for an alias) and, for a success, to have sent the
// request example as the body.
func checkSent(c ClientCase, sent []spectest.Received) error {
	if len(sent) == 0 {
		return errors.New("the client sent no request")
	}
	var problems []string
	for _, r := range sent {
		if want := servedBy(c.Op); r.Op != want {
			problems = append(problems, fmt.Sprintf("the client called %s, want %s", r.Op, want))
		}
		if c.request == nil || !strings.HasPrefix(c.status, "2") {
			continue
		}
		var got any
		if err := json.Unmarshal(r.Body, &got); err != nil {
			problems = append(problems, fmt.Sprintf("the client's body is not JSON: %v", err))
		} else if diff := cmp.Diff(c.request.Value, got); diff != "" {
			problems = append(problems, fmt.Sprintf("the client's body differs from the request example (-example +sent):\n%s", diff))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// replay answers with c's response example and the headers the spec
// documents for it.
func replay(c ClientCase) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		code, _ := strconv.Atoi(c.status)
		if doc := c.Op.Response(c.status); doc != nil {
			for name, h := range doc.Headers {
				w.Header().Set(name, fmt.Sprint(h.Value.Example))
			}
		}
		if c.response == nil {
			w.WriteHeader(code)
			return
		}
		if rid, ok := lookup(c.response.Value, "error/innerError/request-id"); ok {
			w.Header().Set("request-id", fmt.Sprint(rid))
		}
		raw, _ := json.Marshal(c.response.Value) // for text/plain, a number's JSON is its text
		w.Header().Set("Content-Type", c.Op.ResponseMediaType(c.status))
		w.WriteHeader(code)
		_, _ = w.Write(raw)
	})
}
