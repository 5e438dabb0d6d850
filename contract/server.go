package contract

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
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

// The scopes a case's tokens carry: one that every operation accepts (the
// spec's write scope), and one that none does, for the 403 cases.
var scopeAll = specdoc.WriteScope()

// NarrowScope is a permission that grants none of the operations: a token
// with it alone must be refused with 403.
const NarrowScope = "User.Read"

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
	// vector is the case as data, for Vectors.
	vector Vector
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
	r, err := s.inProcess(sut, c.Op)
	if err == nil {
		err = s.runCase(ctx, r, c)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	return nil
}

// inProcess is the run of a case of op against sut: a fresh server for the
// case, on the configuration of the path examples.
func (s *Suite) inProcess(sut ServerUnderTest, op specdoc.Operation) (*serverRun, error) {
	token, err := sut.Token(scopeAll)
	if err != nil {
		return nil, fmt.Errorf("mint token: %w", err)
	}
	narrow, err := sut.Token(NarrowScope)
	if err != nil {
		return nil, fmt.Errorf("mint token: %w", err)
	}
	return &serverRun{
		suite: s, config: configID(op), token: token, narrow: narrow,
		maxBody: sut.MaxBodyBytes, writes: true, fresh: true,
		open: func(fault Fault) (*spectest.Driver, func(), error) {
			h, err := sut.NewHandler(fault)
			if err != nil {
				return nil, nil, err
			}
			srv := httptest.NewServer(h)
			return &spectest.Driver{Base: srv.URL + sut.BasePath, Client: srv.Client()}, srv.Close, nil
		},
	}, nil
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
	if isBatch(op) {
		return s.batchCases(op)
	}
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
			c.vector = vectorOf{s, op}.request(req, resp, paired, hasItem)
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				item := ""
				if hasItem {
					id, err := r.createItem(ctx, itemID(op))
					if err != nil {
						return err
					}
					item = id
				}
				res, err := r.call(ctx, op, item, nil, req.Value)
				if err != nil {
					return err
				}
				if op.ResponseSchema(status) == "" {
					if err := expectStatus(res, status); err != nil {
						return err
					}
					return r.checkState(ctx, req.Value)
				}
				if !paired {
					return fmt.Errorf("no %s response example is named %q like the request example", status, req.Name)
				}
				_, hasID := asObject(req.Value)["id"]
				return expect(res, op, status, r.withIDs(resp.Value), Generated{ID: !hasID})
			}
			cases = append(cases, c)
		}
	case len(op.ResponseExamples(status)) > 0:
		for _, resp := range op.ResponseExamples(status) {
			c := Case{Name: op.OperationID + "/server/" + resp.Name, Op: op, Status: status, Uses: []ExampleUse{use(status, resp, op.ResponseSchema(status))}}
			c.vector = vectorOf{s, op}.read(resp, hasItem)
			c.run = func(ctx context.Context, r *serverRun) error {
				if err := r.start(NoFault); err != nil {
					return err
				}
				defer r.close()
				// The query that produces this example: its parameters'
				// examples of the same name.
				query, item := op.QueryExample(resp.Name), ""
				if !r.fresh || !r.writes {
					// A live configuration with assignments of its own, or
					// one the run may not write to: the response is checked
					// against the spec's schemas, not against the example.
					return r.readOnly(ctx, op, query, hasItem, status)
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
						item = fmt.Sprint(asObject(resp.Value)["id"])
					}
				case hasItem:
					// The item is the example itself, stored first.
					id, err := r.create(ctx, asObject(resp.Value))
					if err != nil {
						return err
					}
					item = id
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
						query.Set("$top", strconv.Itoa(len(items)))
					}
				}
				res, err := r.call(ctx, op, item, query, nil)
				if err != nil {
					return err
				}
				return expect(res, op, status, r.withIDs(resp.Value), Generated{ConfigID: r.config})
			}
			cases = append(cases, c)
		}
	default:
		// No body either way: a delete. The item must be gone afterwards.
		c := Case{Name: op.OperationID + "/server/" + status, Op: op, Status: status, Access: writeAccess(op), vector: vectorOf{s, op}.remove()}
		c.run = func(ctx context.Context, r *serverRun) error {
			if err := r.start(NoFault); err != nil {
				return err
			}
			defer r.close()
			id, err := r.createItem(ctx, itemID(op))
			if err != nil {
				return err
			}
			res, err := r.call(ctx, op, id, nil, nil)
			if err != nil {
				return err
			}
			if err := expectStatus(res, status); err != nil {
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
				Access: errorAccess(op, status, ex),
				Fault:  faultFor(status),
				Uses:   []ExampleUse{{Op: op, Status: status, Example: ex, Schema: op.ResponseSchema(status)}},
			}
			c.vector = vectorOf{s, op}.failure(status, c.Fault, ex)
			c.run = func(ctx context.Context, r *serverRun) error {
				req, err := r.condition(op, status)
				if err != nil {
					return err
				}
				if ex.Request != nil {
					// The example names the request that draws it.
					req.Body, req.Valid = ex.Request, false
				}
				if err := r.start(c.Fault); err != nil {
					return err
				}
				defer r.close()
				crid, _ := lookup(ex.Value, "error/innerError/client-request-id")
				req.Header["client-request-id"] = fmt.Sprint(crid)
				res, err := r.do(ctx, req)
				if err != nil {
					return err
				}
				gen := Generated{RequestID: res.Header.Get("request-id"), ClientRequestID: fmt.Sprint(crid), Message: ex.Request != nil}
				if err := expect(res, op, status, ex.Value, gen); err != nil {
					return err
				}
				return expectHeaders(res, op.Response(status))
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

// errorAccess is the access of the case that drives op into status with
// the error example ex: what a server that wrongly accepted its request
// could change. A request without a token or to an unknown configuration
// cannot change anything; a batch, what its requests can.
func errorAccess(op specdoc.Operation, status string, ex specdoc.Example) Access {
	switch {
	case status == "401" || status == "404":
		return ReadOnly
	case isBatch(op) && ex.Request != nil:
		return batchAccess(ex.Request)
	case isBatch(op) && status == "413":
		return ReadOnly // the body is too large to be read, and no batch
	case isBatch(op):
		if reqs := op.RequestExamples(); len(reqs) > 0 {
			return batchAccess(reqs[0].Value)
		}
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
func (r *serverRun) condition(op specdoc.Operation, status string) (spectest.Request, error) {
	config := r.config
	if status == "404" {
		config = unknownConfigID
	}
	q, err := newRequest(op, config, "", r.token)
	if err != nil {
		return q, err
	}
	if ex := op.RequestExamples(); len(ex) > 0 {
		q.Body = ex[0].Value
	}
	switch status {
	case "400":
		q.Valid, q.Body = false, nil
		if op.HasRequestBody() {
			q.Body = map[string]any{"unexpectedProperty": true}
		} else if hasQuery(op, "$top") {
			q.Query = url.Values{"$top": {"0"}}
		} else {
			q.Query = url.Values{"$expand": {"target"}}
		}
	case "401":
		q.Valid, q.Token = false, ""
	case "403":
		q.Valid, q.Token = false, r.narrow
	case "413":
		q.Valid, q.Body = false, oversized(r.maxBody)
	case "415":
		q.Valid, q.ContentType = false, "text/plain"
	case "404", "429", "500", "503", "504":
	default:
		return q, fmt.Errorf("no way to drive the server into status %s", status)
	}
	return q, nil
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

// configID is the configuration id of the operation's path example; for
// an operation outside any configuration (the batch), the configuration of
// the spec's examples, which its requests work on.
func configID(op specdoc.Operation) string {
	for _, p := range op.Parameters() {
		if p.Value.Name == "deviceEnrollmentConfigurationId" {
			return fmt.Sprint(p.Value.Example)
		}
	}
	return specdoc.ExampleConfigID()
}
