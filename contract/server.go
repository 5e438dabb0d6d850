package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Fault is a condition a server must be put in before a case: the failures
// that no request can cause by itself.
type Fault int

// The faults the server direction needs.
const (
	NoFault          Fault = iota
	FaultThrottled         // every request is throttled: 429 with Retry-After
	FaultBroken            // the store fails unexpectedly: 500
	FaultUnavailable       // the store is temporarily unavailable: 503 with Retry-After
)

// ServerUnderTest is what the server direction drives.
type ServerUnderTest struct {
	// NewHandler returns a server with fresh state, put in fault.
	NewHandler func(fault Fault) (http.Handler, error)
	// Token mints a bearer token that grants scopes.
	Token func(scopes ...string) (string, error)
	// BasePath is where the server mounts the spec's paths, e.g. "/beta".
	BasePath string
	// MaxBodyBytes is the server's request body limit.
	MaxBodyBytes int
}

// The scopes a case's token carries: one that every operation accepts, and
// one that none does.
const (
	scopeAll  = "DeviceManagementServiceConfig.ReadWrite.All"
	scopeNone = "User.Read"
)

// Case is one check of one operation against one or more examples.
type Case struct {
	Name string
	Op   specdoc.Operation
	// Uses are the examples the case exercises.
	Uses []ExampleUse
	run  func(ctx context.Context, r *serverRun) error
}

// ServerCases lists a case for every request example, every success
// response example and every error response example of every operation.
func (s *Suite) ServerCases() []Case {
	var cases []Case
	for _, op := range s.Operations() {
		cases = append(cases, s.successCases(op)...)
		cases = append(cases, s.errorCases(op)...)
	}
	return cases
}

// RunServer runs c against sut, recording the examples it exercised when it
// passes. The error names the case and says what broke the contract.
func (s *Suite) RunServer(ctx context.Context, sut ServerUnderTest, c Case) error {
	r := &serverRun{suite: s, sut: sut, op: c.Op}
	if err := c.run(ctx, r); err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	for _, use := range c.Uses {
		s.Cover(use, DirectionServer)
	}
	return nil
}

func (s *Suite) successCases(op specdoc.Operation) []Case {
	status := op.SuccessStatus()
	hasItem := strings.Contains(op.Path, "{enrollmentConfigurationAssignmentId}")
	responses := map[string]specdoc.Example{}
	for _, ex := range op.ResponseExamples(status) {
		responses[ex.Name] = ex
	}
	use := func(status string, ex specdoc.Example, schema string) ExampleUse {
		return ExampleUse{Op: op, Status: status, Example: ex, Schema: schema}
	}
	var cases []Case
	switch {
	case op.HasRequestBody():
		for _, req := range op.RequestExamples() {
			resp, paired := responses[req.Name]
			c := Case{Name: op.OperationID + "/server/" + req.Name, Op: op, Uses: []ExampleUse{use("", req, op.RequestSchema())}}
			if paired {
				c.Uses = append(c.Uses, use(status, resp, op.ResponseSchema(status)))
			}
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				if hasItem {
					if err := r.createItem(ctx, itemID(op)); err != nil {
						return err
					}
				}
				res, err := r.do(ctx, request{op: op, body: req.Value, validate: true})
				if err != nil {
					return err
				}
				if op.ResponseSchema(status) == "" {
					if err := res.expectStatus(status); err != nil {
						return err
					}
					return r.checkState(ctx, req.Value)
				}
				if !paired {
					return fmt.Errorf("no %s response example is named %q like the request example", status, req.Name)
				}
				_, hasID := asObject(req.Value)["id"]
				return res.expect(status, resp.Value, Generated{ID: !hasID})
			}
			cases = append(cases, c)
		}
	case op.ResponseSchema(status) != "":
		for _, resp := range op.ResponseExamples(status) {
			c := Case{Name: op.OperationID + "/server/" + resp.Name, Op: op, Uses: []ExampleUse{use(status, resp, op.ResponseSchema(status))}}
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				req := request{op: op, validate: true}
				if hasItem {
					// The item is the example itself, stored first.
					item := asObject(resp.Value)
					if err := r.create(ctx, item); err != nil {
						return err
					}
					req.itemID = fmt.Sprint(item["id"])
				} else {
					// A page: store its items (and one more when the page
					// links to a next one), then ask for a page that size.
					page := asObject(resp.Value)
					items, _ := page["value"].([]any)
					for _, item := range items {
						if err := r.create(ctx, asObject(item)); err != nil {
							return err
						}
					}
					if _, more := page["@odata.nextLink"]; more {
						if err := r.createItem(ctx, "ffffffff-0000-4000-8000-00000000e0f1"); err != nil {
							return err
						}
						req.query = url.Values{"$top": {strconv.Itoa(len(items))}}
					}
				}
				res, err := r.do(ctx, req)
				if err != nil {
					return err
				}
				return res.expect(status, resp.Value, Generated{})
			}
			cases = append(cases, c)
		}
	default:
		// No body either way: a delete. The item must be gone afterwards.
		c := Case{Name: op.OperationID + "/server/" + status, Op: op}
		c.run = func(ctx context.Context, r *serverRun) error {
			if err := r.start(NoFault); err != nil {
				return err
			}
			defer r.close()
			if err := r.createItem(ctx, itemID(op)); err != nil {
				return err
			}
			res, err := r.do(ctx, request{op: op, validate: true})
			if err != nil {
				return err
			}
			if err := res.expectStatus(status); err != nil {
				return err
			}
			return r.expectGone(ctx, itemID(op))
		}
		cases = append(cases, c)
	}
	return cases
}

// errorCases drives the server into each documented error status.
func (s *Suite) errorCases(op specdoc.Operation) []Case {
	var cases []Case
	for _, status := range op.Statuses() {
		if strings.HasPrefix(status, "2") {
			continue
		}
		for _, ex := range op.ResponseExamples(status) {
			c := Case{
				Name: op.OperationID + "/server/" + status + "/" + ex.Name,
				Op:   op,
				Uses: []ExampleUse{{Op: op, Status: status, Example: ex, Schema: op.ResponseSchema(status)}},
			}
			c.run = func(ctx context.Context, r *serverRun) error {
				req, fault, err := r.condition(op, status)
				if err != nil {
					return err
				}
				if err := r.start(fault); err != nil {
					return err
				}
				defer r.close()
				crid, _ := lookup(ex.Value, "error/innerError/client-request-id")
				req.clientRequestID = fmt.Sprint(crid)
				res, err := r.do(ctx, req)
				if err != nil {
					return err
				}
				if err := res.expect(status, ex.Value, Generated{RequestID: res.header.Get("request-id"), ClientRequestID: req.clientRequestID}); err != nil {
					return err
				}
				return res.expectHeaders(op.Response(status))
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// condition is the request (and fault) that must produce status.
func (r *serverRun) condition(op specdoc.Operation, status string) (request, Fault, error) {
	valid := request{op: op, validate: true}
	if ex := op.RequestExamples(); len(ex) > 0 {
		valid.body = ex[0].Value
	}
	switch status {
	case "400":
		bad := request{op: op}
		if op.HasRequestBody() {
			bad.body = map[string]any{"unexpectedProperty": true}
		} else if hasQuery(op, "$top") {
			bad.query = url.Values{"$top": {"0"}}
		} else {
			bad.query = url.Values{"$expand": {"target"}}
		}
		return bad, NoFault, nil
	case "401":
		bad := valid
		bad.validate, bad.noToken = false, true
		return bad, NoFault, nil
	case "403":
		bad := valid
		bad.validate, bad.scopes = false, []string{scopeNone}
		return bad, NoFault, nil
	case "404":
		bad := valid
		bad.configID = "00000000-0000-4000-8000-000000000000_Unknown"
		return bad, NoFault, nil
	case "413":
		bad := request{op: op, rawBody: oversized(r.sut.MaxBodyBytes)}
		return bad, NoFault, nil
	case "415":
		bad := valid
		bad.validate, bad.contentType = false, "text/plain"
		return bad, NoFault, nil
	case "429":
		return valid, FaultThrottled, nil
	case "500":
		return valid, FaultBroken, nil
	case "503":
		return valid, FaultUnavailable, nil
	}
	return request{}, NoFault, fmt.Errorf("no way to drive the server into status %s", status)
}

func hasQuery(op specdoc.Operation, name string) bool {
	for _, p := range op.Parameters() {
		if p.Value.In == "query" && p.Value.Name == name {
			return true
		}
	}
	return false
}

// oversized is a valid JSON body one byte over limit.
func oversized(limit int) []byte {
	prefix, suffix := `{"sourceId":"`, `"}`
	n := limit + 1 - len(prefix) - len(suffix)
	if n < 0 {
		n = 0
	}
	return []byte(prefix + strings.Repeat("x", n) + suffix)
}

// itemID is the assignment id of the operation's path example.
func itemID(op specdoc.Operation) string {
	for _, p := range op.Parameters() {
		if p.Value.Name == "enrollmentConfigurationAssignmentId" {
			return fmt.Sprint(p.Value.Example)
		}
	}
	return ""
}

// configID is the configuration id of the operation's path example.
func configID(op specdoc.Operation) string {
	for _, p := range op.Parameters() {
		if p.Value.Name == "deviceEnrollmentConfigurationId" {
			return fmt.Sprint(p.Value.Example)
		}
	}
	return ""
}

type serverRun struct {
	suite *Suite
	sut   ServerUnderTest
	op    specdoc.Operation
	srv   *httptest.Server
}

func (r *serverRun) start(fault Fault) error {
	h, err := r.sut.NewHandler(fault)
	if err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	r.srv = httptest.NewServer(h)
	return nil
}

func (r *serverRun) close() { r.srv.Close() }

type request struct {
	op              specdoc.Operation
	configID        string
	itemID          string
	query           url.Values
	body            any
	rawBody         []byte
	contentType     string
	noToken         bool
	scopes          []string
	clientRequestID string
	// validate: the request is meant to be valid, so it must pass the
	// spec's request validation before it is sent.
	validate bool
}

type response struct {
	status int
	header http.Header
	body   []byte
	req    *http.Request
	op     specdoc.Operation
	suite  *Suite
}

func (r *serverRun) do(ctx context.Context, q request) (*response, error) {
	override := map[string]string{}
	if q.configID != "" {
		override["deviceEnrollmentConfigurationId"] = q.configID
	}
	if q.itemID != "" {
		override["enrollmentConfigurationAssignmentId"] = q.itemID
	}
	path, err := q.op.ExamplePath(override)
	if err != nil {
		return nil, err
	}
	if len(q.query) > 0 {
		path += "?" + q.query.Encode()
	}
	body := q.rawBody
	if body == nil && q.body != nil {
		if body, err = json.Marshal(q.body); err != nil {
			return nil, err
		}
	}
	newReq := func(base string) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, strings.ToUpper(q.op.Method), base+path, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		if body != nil {
			ct := q.contentType
			if ct == "" {
				ct = "application/json"
			}
			req.Header.Set("Content-Type", ct)
		}
		req.Header.Set("Accept", "application/json")
		if q.clientRequestID != "" {
			req.Header.Set("client-request-id", q.clientRequestID)
		}
		if !q.noToken {
			scopes := q.scopes
			if scopes == nil {
				scopes = []string{scopeAll}
			}
			token, err := r.sut.Token(scopes...)
			if err != nil {
				return nil, fmt.Errorf("mint token: %w", err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, nil
	}
	// The spec's router knows paths relative to the version root.
	specReq, err := newReq("http://emulator.test")
	if err != nil {
		return nil, err
	}
	if q.validate {
		if err := r.suite.validateRequest(ctx, specReq); err != nil {
			return nil, fmt.Errorf("the request does not follow the spec: %w", err)
		}
		specReq, _ = newReq("http://emulator.test")
	}
	req, err := newReq(r.srv.URL + r.sut.BasePath)
	if err != nil {
		return nil, err
	}
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	res := &response{status: resp.StatusCode, header: resp.Header, body: raw, req: specReq, op: q.op, suite: r.suite}
	if err := res.validate(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// validateRequest checks req against the spec, security included.
func (s *Suite) validateRequest(ctx context.Context, req *http.Request) error {
	route, params, err := s.Router.FindRoute(req)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route, Options: validationOptions,
	})
}

var validationOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
			return errors.New("no bearer token")
		}
		return nil
	},
}

// validate checks the response against the spec: a documented status, the
// body's schema, the documented headers.
func (res *response) validate(ctx context.Context) error {
	route, params, err := res.suite.Router.FindRoute(res.req)
	if err != nil {
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: res.req, PathParams: params, Route: route, Options: validationOptions}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 res.status,
		Header:                 res.header,
		Body:                   io.NopCloser(bytes.NewReader(res.body)),
		Options:                validationOptions,
	})
	if err != nil {
		return fmt.Errorf("the %d response does not follow the spec: %w\nbody: %s", res.status, err, res.body)
	}
	if res.header.Get("request-id") == "" {
		return fmt.Errorf("the %d response has no request-id header", res.status)
	}
	if crid := res.req.Header.Get("client-request-id"); crid != "" && res.header.Get("client-request-id") != crid {
		return fmt.Errorf("client-request-id header %q, want the request's %q", res.header.Get("client-request-id"), crid)
	}
	return nil
}

func (res *response) expectStatus(status string) error {
	if strconv.Itoa(res.status) != status {
		return fmt.Errorf("status %d, want %s; body: %s", res.status, status, res.body)
	}
	return nil
}

func (res *response) expect(status string, example any, gen Generated) error {
	if err := res.expectStatus(status); err != nil {
		return err
	}
	var got any
	if err := json.Unmarshal(res.body, &got); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if diff := Compare(example, got, gen); diff != "" {
		return errors.New(diff)
	}
	return nil
}

// expectHeaders requires the headers the spec documents for the response.
func (res *response) expectHeaders(doc *openapi3.Response) error {
	for name := range doc.Headers {
		if res.header.Get(name) == "" {
			return fmt.Errorf("the %d response lacks its documented %s header", res.status, name)
		}
	}
	return nil
}

// createItem stores a plain assignment with id under the path example's
// configuration.
func (r *serverRun) createItem(ctx context.Context, id string) error {
	return r.create(ctx, map[string]any{
		"id":     id,
		"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"},
	})
}

// create stores item through createAssignment and requires 201.
func (r *serverRun) create(ctx context.Context, item map[string]any) error {
	create, err := r.suite.operation("createAssignment")
	if err != nil {
		return err
	}
	res, err := r.do(ctx, request{op: create, configID: configID(r.op), body: item, validate: true})
	if err != nil {
		return fmt.Errorf("set-up create: %w", err)
	}
	if res.status != http.StatusCreated {
		return fmt.Errorf("set-up create: status %d: %s", res.status, res.body)
	}
	return nil
}

// expectGone requires getAssignment of id to answer 404.
func (r *serverRun) expectGone(ctx context.Context, id string) error {
	get, err := r.suite.operation("getAssignment")
	if err != nil {
		return err
	}
	res, err := r.do(ctx, request{op: get, configID: configID(r.op), itemID: id, validate: true})
	if err != nil {
		return err
	}
	if res.status != http.StatusNotFound {
		return fmt.Errorf("after delete, get answers %d, want 404", res.status)
	}
	return nil
}

// checkState requires that the configuration's assignments are now exactly
// the ones the assign body listed, in order.
func (r *serverRun) checkState(ctx context.Context, body any) error {
	list, err := r.suite.operation("listAssignments")
	if err != nil {
		return err
	}
	want, _ := asObject(body)["enrollmentConfigurationAssignments"].([]any)
	res, err := r.do(ctx, request{op: list, configID: configID(r.op), query: url.Values{"$top": {"999"}}, validate: true})
	if err != nil {
		return err
	}
	var page struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		return err
	}
	if len(page.Value) != len(want) {
		return fmt.Errorf("after assign, the list holds %d assignments, want %d", len(page.Value), len(want))
	}
	for i, w := range want {
		wantItem := cloneObject(asObject(w))
		_, hasID := wantItem["id"]
		if _, hasType := wantItem["@odata.type"]; !hasType {
			wantItem["@odata.type"] = DefaultAssignmentType
		}
		if diff := Compare(any(wantItem), any(page.Value[i]), Generated{ID: !hasID}); diff != "" {
			return fmt.Errorf("after assign, assignment %d: %s", i, diff)
		}
	}
	return nil
}

func (s *Suite) operation(id string) (specdoc.Operation, error) {
	for _, op := range s.Operations() {
		if op.OperationID == id {
			return op, nil
		}
	}
	return specdoc.Operation{}, fmt.Errorf("the spec has no operation %q", id)
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func cloneObject(m map[string]any) map[string]any {
	c, _ := clone(m).(map[string]any)
	return c
}
