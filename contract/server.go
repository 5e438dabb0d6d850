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
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Fault is a condition a server must be put in before a case: the failures
// that no request can cause by itself.
type Fault int

// The faults the server direction needs.
const (
	NoFault             Fault = iota
	FaultThrottled            // every request is throttled: 429 with Retry-After
	FaultBroken               // the store fails unexpectedly: 500
	FaultUnavailable          // the store is temporarily unavailable: 503 with Retry-After
	FaultGatewayTimeout       // the service does not answer in time: 504
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

// The scopes a case's token carries: one that every operation accepts (the
// spec's write scope), and one that none does.
var scopeAll = specdoc.WriteScope()

const scopeNone = "User.Read"

// Access is what a case may change on the server, even on one that breaks
// the contract by accepting a request it should refuse.
type Access int

// The kinds of access, from the least to the most intrusive.
const (
	// ReadOnly cases change nothing: reads, and requests refused before
	// any write could happen (no token, an unknown configuration).
	ReadOnly Access = iota
	// Writes cases create, change and delete assignments, only ones the
	// run created itself.
	Writes
	// Assign cases replace the configuration's whole set of assignments.
	Assign
)

func (a Access) String() string {
	switch a {
	case Writes:
		return "writes"
	case Assign:
		return "assign"
	}
	return "read-only"
}

// Case is one check of one operation against one or more examples.
type Case struct {
	Name string
	Op   specdoc.Operation
	// Uses are the examples the case exercises.
	Uses []ExampleUse
	// Status is the response status the case expects.
	Status string
	// Access is what the case may change.
	Access Access
	// Fault is the condition the server must be put in first.
	Fault Fault
	run   func(ctx context.Context, r *serverRun) error
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
	r := &serverRun{suite: s, sut: sut, op: c.Op, maxBody: sut.MaxBodyBytes, token: sut.Token, fresh: true}
	if err := s.runCase(ctx, r, c); err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	return nil
}

// runCase runs c and records the examples it exercised when it passes.
func (s *Suite) runCase(ctx context.Context, r *serverRun, c Case) error {
	if err := c.run(ctx, r); err != nil {
		return err
	}
	for _, use := range c.Uses {
		s.Cover(use, DirectionServer)
	}
	return nil
}

// SkipError says why a case did not run.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skipped: " + e.Reason }

func skip(format string, args ...any) error { return &SkipError{Reason: fmt.Sprintf(format, args...)} }

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
			c := Case{Name: op.OperationID + "/server/" + req.Name, Op: op, Status: status, Access: writeAccess(op), Uses: []ExampleUse{use("", req, op.RequestSchema())}}
			if paired {
				c.Uses = append(c.Uses, use(status, resp, op.ResponseSchema(status)))
			}
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				q := request{op: op, body: req.Value, validate: true}
				if hasItem {
					id, err := r.createItem(ctx, itemID(op))
					if err != nil {
						return err
					}
					q.itemID = id
				}
				res, err := r.do(ctx, q)
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
				return res.expect(status, r.withIDs(resp.Value), Generated{ID: !hasID})
			}
			cases = append(cases, c)
		}
	case len(op.ResponseExamples(status)) > 0:
		for _, resp := range op.ResponseExamples(status) {
			c := Case{Name: op.OperationID + "/server/" + resp.Name, Op: op, Status: status, Uses: []ExampleUse{use(status, resp, op.ResponseSchema(status))}}
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				// The query that produces this example: its parameters'
				// examples of the same name.
				req := request{op: op, query: op.QueryExample(resp.Name), validate: true}
				if !r.fresh || !r.writes() {
					// A live configuration with assignments of its own, or
					// one the run may not write to: the response is checked
					// against the spec's schemas, not against the example.
					return r.readOnly(ctx, req, hasItem, status)
				}
				switch {
				case resp.Collection != nil:
					// The example says what the configuration holds.
					for _, item := range resp.Collection {
						if _, err := r.create(ctx, asObject(item)); err != nil {
							return err
						}
					}
					if hasItem {
						req.itemID = fmt.Sprint(asObject(resp.Value)["id"])
					}
				case hasItem:
					// The item is the example itself, stored first.
					item := asObject(resp.Value)
					id, err := r.create(ctx, item)
					if err != nil {
						return err
					}
					req.itemID = id
				default:
					// A page: store its items (and one more when the page
					// links to a next one), then ask for a page that size.
					page := asObject(resp.Value)
					items, _ := page["value"].([]any)
					for _, item := range items {
						if _, err := r.create(ctx, asObject(item)); err != nil {
							return err
						}
					}
					if _, more := page["@odata.nextLink"]; more {
						if _, err := r.createItem(ctx, "ffffffff-0000-4000-8000-00000000e0f1"); err != nil {
							return err
						}
						req.query.Set("$top", strconv.Itoa(len(items)))
					}
				}
				res, err := r.do(ctx, req)
				if err != nil {
					return err
				}
				return res.expect(status, r.withIDs(resp.Value), Generated{ConfigID: r.config()})
			}
			cases = append(cases, c)
		}
	default:
		// No body either way: a delete. The item must be gone afterwards.
		c := Case{Name: op.OperationID + "/server/" + status, Op: op, Status: status, Access: writeAccess(op)}
		c.run = func(ctx context.Context, r *serverRun) error {
			if err := r.start(NoFault); err != nil {
				return err
			}
			defer r.close()
			id, err := r.createItem(ctx, itemID(op))
			if err != nil {
				return err
			}
			res, err := r.do(ctx, request{op: op, itemID: id, validate: true})
			if err != nil {
				return err
			}
			if err := res.expectStatus(status); err != nil {
				return err
			}
			r.forget(id)
			return r.expectGone(ctx, id)
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
				Name:   op.OperationID + "/server/" + status + "/" + ex.Name,
				Op:     op,
				Status: status,
				Access: errorAccess(op, status),
				Fault:  faultFor(status),
				Uses:   []ExampleUse{{Op: op, Status: status, Example: ex, Schema: op.ResponseSchema(status)}},
			}
			c.run = func(ctx context.Context, r *serverRun) error {
				req, err := r.condition(op, status)
				if err != nil {
					return err
				}
				if err := r.start(c.Fault); err != nil {
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

// writeAccess is the access of an operation's success cases.
func writeAccess(op specdoc.Operation) Access {
	switch servedBy(op) {
	case "assign":
		return Assign
	case "createAssignment", "updateAssignment", "deleteAssignment":
		return Writes
	}
	return ReadOnly
}

// errorAccess is the access of the case that drives op into status: what a
// server that wrongly accepted its request could change. A request without
// a token or to an unknown configuration cannot change anything.
func errorAccess(op specdoc.Operation, status string) Access {
	if status == "401" || status == "404" {
		return ReadOnly
	}
	return writeAccess(op)
}

// faultFor is the fault that must produce status; NoFault when a request
// alone can.
func faultFor(status string) Fault {
	switch status {
	case "429":
		return FaultThrottled
	case "500":
		return FaultBroken
	case "503":
		return FaultUnavailable
	case "504":
		return FaultGatewayTimeout
	}
	return NoFault
}

// condition is the request that must produce status (together with
// faultFor(status)).
func (r *serverRun) condition(op specdoc.Operation, status string) (request, error) {
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
		return bad, nil
	case "401":
		bad := valid
		bad.validate, bad.noToken = false, true
		return bad, nil
	case "403":
		bad := valid
		bad.validate, bad.scopes = false, []string{scopeNone}
		return bad, nil
	case "404":
		bad := valid
		bad.configID = unknownConfigID
		return bad, nil
	case "413":
		bad := request{op: op, rawBody: oversized(r.maxBody)}
		return bad, nil
	case "415":
		bad := valid
		bad.validate, bad.contentType = false, "text/plain"
		return bad, nil
	case "429", "500", "503", "504":
		return valid, nil
	}
	return request{}, fmt.Errorf("no way to drive the server into status %s", status)
}

// unknownConfigID is a configuration no server knows.
const unknownConfigID = "00000000-0000-4000-8000-000000000000_Unknown"

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

// serverRun is one case's run: against a fresh in-process server (sut) or
// against a live one (live).
type serverRun struct {
	suite   *Suite
	sut     ServerUnderTest
	live    *LiveRun
	op      specdoc.Operation
	srv     *httptest.Server
	base    string
	hc      *http.Client
	maxBody int
	token   func(scopes ...string) (string, error)
	// fresh: the configuration holds nothing but what the case creates.
	fresh bool
	// ids maps the id of an example the case created to the id the server
	// gave it, where they differ.
	ids map[string]string
	// created are the assignments the case created and has not deleted.
	created []string
	// note says what a passing case did not check.
	note string
}

func (r *serverRun) start(fault Fault) error {
	if r.live != nil {
		r.base, r.hc = r.live.base(), r.live.client()
		return nil
	}
	h, err := r.sut.NewHandler(fault)
	if err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	r.srv = httptest.NewServer(h)
	r.base, r.hc = r.srv.URL+r.sut.BasePath, r.srv.Client()
	return nil
}

func (r *serverRun) close() {
	if r.srv != nil {
		r.srv.Close()
	}
}

// writes reports whether the run may create assignments.
func (r *serverRun) writes() bool { return r.live == nil || r.live.cfg.AllowWrites }

// config is the configuration the case works on.
func (r *serverRun) config() string {
	if r.live != nil {
		return r.live.cfg.ConfigID
	}
	return configID(r.op)
}

// track records the assignment a 201 response of createAssignment holds,
// so that it is deleted after the case.
func (r *serverRun) track(res *response) {
	if res.status != http.StatusCreated {
		return
	}
	var item struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(res.body, &item) == nil && item.ID != "" && !slices.Contains(r.created, item.ID) {
		r.created = append(r.created, item.ID)
		if r.live != nil {
			r.live.created(item.ID)
		}
	}
}

// forget drops id from the assignments to delete: the case deleted it.
func (r *serverRun) forget(id string) {
	for i, c := range r.created {
		if c == id {
			r.created = append(r.created[:i], r.created[i+1:]...)
			break
		}
	}
	if r.live != nil {
		r.live.deleted(id)
	}
}

// withIDs is an example with the ids of the assignments the case created
// replaced by the ids the server gave them.
func (r *serverRun) withIDs(example any) any {
	if len(r.ids) == 0 {
		return example
	}
	v := clone(example)
	var fix func(v any)
	fix = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["id"].(string); ok && r.ids[id] != "" {
				v["id"] = r.ids[id]
			}
			for _, e := range v {
				fix(e)
			}
		case []any:
			for _, e := range v {
				fix(e)
			}
		}
	}
	fix(v)
	return v
}

// readOnly checks a read against a configuration whose content the case
// does not control: the response must follow the spec's schemas.
func (r *serverRun) readOnly(ctx context.Context, req request, hasItem bool, status string) error {
	if hasItem {
		list, err := r.suite.operation("listAssignments")
		if err != nil {
			return err
		}
		res, err := r.do(ctx, request{op: list, query: url.Values{"$top": {"1"}}, validate: true})
		if err != nil {
			return err
		}
		var page struct {
			Value []struct {
				ID string `json:"id"`
			} `json:"value"`
		}
		if err := json.Unmarshal(res.body, &page); err != nil || res.status != http.StatusOK {
			return fmt.Errorf("set-up list: status %d: %s", res.status, res.body)
		}
		if len(page.Value) == 0 {
			return skip("the configuration has no assignment to read, and the run may not create one (-allow-writes)")
		}
		req.itemID = page.Value[0].ID
	}
	res, err := r.do(ctx, req)
	if err != nil {
		return err
	}
	if err := res.expectStatus(status); err != nil {
		return err
	}
	if req.query.Get("$select") == "" {
		if err := r.suite.expectWhole(res.body); err != nil {
			return err
		}
	}
	r.note = "checked against the schema only: the configuration's content is not the example's"
	return nil
}

// expectWhole requires each assignment of a response (the body, or each
// item of its value) to have the properties every assignment has: those a
// new one must have. The response schema cannot say so, since a $select
// may leave any property out.
func (s *Suite) expectWhole(body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil || asObject(v) == nil {
		return nil // no body of assignments: a count, say
	}
	items := []any{v}
	if page, ok := asObject(v)["value"].([]any); ok {
		items = page
	}
	for i, item := range items {
		for _, name := range s.requiredOfNew() {
			if _, ok := asObject(item)[name]; !ok {
				return fmt.Errorf("assignment %d lacks %q, which every assignment has unless $select leaves it out", i, name)
			}
		}
	}
	return nil
}

// requiredOfNew are the properties the spec requires of a new assignment.
func (s *Suite) requiredOfNew() []string {
	ref := s.Doc.Components.Schemas["newEnrollmentConfigurationAssignment"]
	if ref == nil || ref.Value == nil {
		return nil
	}
	var required []string
	for _, sub := range ref.Value.AllOf {
		if sub.Value != nil {
			required = append(required, sub.Value.Required...)
		}
	}
	return required
}

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
	override := map[string]string{"deviceEnrollmentConfigurationId": r.config()}
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
			token, err := r.token(scopes...)
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
	var resp *http.Response
	if r.live != nil {
		resp, err = r.live.send(ctx, func(ctx context.Context) (*http.Request, error) {
			req, err := newReq(r.base)
			if err != nil {
				return nil, err
			}
			return req.WithContext(ctx), nil
		})
	} else {
		var req *http.Request
		if req, err = newReq(r.base); err != nil {
			return nil, err
		}
		resp, err = r.hc.Do(req)
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	res := &response{status: resp.StatusCode, header: resp.Header, body: raw, req: specReq, op: q.op, suite: r.suite}
	if q.op.OperationID == "createAssignment" {
		// Whatever the case expected, and whether or not the response
		// follows the spec, what was created is deleted after the case.
		r.track(res)
	}
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
	if mt := res.op.ResponseMediaType(status); mt == "text/plain" {
		// A plain-text example's value is what the text spells.
		if strings.TrimSpace(string(res.body)) != fmt.Sprint(example) {
			return fmt.Errorf("body %q, want %q", res.body, fmt.Sprint(example))
		}
		return nil
	}
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

// createItem stores a plain assignment with id under the case's
// configuration, and returns the id the server gave it.
func (r *serverRun) createItem(ctx context.Context, id string) (string, error) {
	return r.create(ctx, map[string]any{
		"id":     id,
		"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"},
	})
}

// create stores item through createAssignment, requires 201 and returns
// the id the server gave it.
func (r *serverRun) create(ctx context.Context, item map[string]any) (string, error) {
	create, err := r.suite.operation("createAssignment")
	if err != nil {
		return "", err
	}
	res, err := r.do(ctx, request{op: create, body: item, validate: true})
	if err != nil {
		return "", fmt.Errorf("set-up create: %w", err)
	}
	if res.status != http.StatusCreated {
		return "", fmt.Errorf("set-up create: status %d: %s", res.status, res.body)
	}
	var got struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil || got.ID == "" {
		return "", fmt.Errorf("set-up create: the 201 response has no id: %s", res.body)
	}
	id := got.ID
	if want, ok := item["id"].(string); ok && want != id {
		if r.ids == nil {
			r.ids = map[string]string{}
		}
		r.ids[want] = id
	}
	return id, nil
}

// expectGone requires getAssignment of id to answer 404.
func (r *serverRun) expectGone(ctx context.Context, id string) error {
	get, err := r.suite.operation("getAssignment")
	if err != nil {
		return err
	}
	res, err := r.do(ctx, request{op: get, itemID: id, validate: true})
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
	res, err := r.do(ctx, request{op: list, query: url.Values{"$top": {"999"}}, validate: true})
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
			wantItem["@odata.type"] = string(gen.EnrollmentConfigurationAssignmentOdataTypeHashed)
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
