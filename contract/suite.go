package contract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Direction is a way an example is exercised.
type Direction string

// The directions of the contract run.
const (
	DirectionServer    Direction = "server"
	DirectionClient    Direction = "client"
	DirectionRoundTrip Direction = "round-trip"
)

// Suite is the spec loaded for a contract run, with the record of which
// example ran in which direction. The cases come from its document; the
// requests and answers are checked against the embedded spec, which Load
// reads too.
type Suite struct {
	Doc *openapi3.T

	mu      sync.Mutex
	covered map[string]map[Direction]bool
}

// Load reads and validates openapi/openapi.yaml.
func Load(ctx context.Context) (*Suite, error) {
	doc, err := specdoc.Load(ctx)
	if err != nil {
		return nil, err
	}
	return New(doc), nil
}

// New is a suite over an already loaded document.
func New(doc *openapi3.T) *Suite {
	return &Suite{Doc: doc, covered: map[string]map[Direction]bool{}}
}

// Operations lists the spec's operations.
func (s *Suite) Operations() []specdoc.Operation { return specdoc.Operations(s.Doc) }

// ExampleUse is one example where the spec uses it: the request body of an
// operation (Status "") or one of its responses.
type ExampleUse struct {
	Op      specdoc.Operation
	Status  string
	Example specdoc.Example
	Schema  string
}

// String names the use as operationId/request/name or operationId/status/name.
func (u ExampleUse) String() string {
	where := u.Status
	if where == "" {
		where = "request"
	}
	return u.Op.OperationID + "/" + where + "/" + u.Example.Name
}

// ExampleUses lists every example of every request body and response.
func (s *Suite) ExampleUses() []ExampleUse {
	var uses []ExampleUse
	for _, op := range s.Operations() {
		for _, ex := range op.RequestExamples() {
			uses = append(uses, ExampleUse{Op: op, Example: ex, Schema: op.RequestSchema()})
		}
		for _, status := range op.Statuses() {
			for _, ex := range op.ResponseExamples(status) {
				uses = append(uses, ExampleUse{Op: op, Status: status, Example: ex, Schema: op.ResponseSchema(status)})
			}
		}
	}
	return uses
}

// Cover records that use ran in direction d.
func (s *Suite) Cover(use ExampleUse, d Direction) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := use.String()
	if s.covered[key] == nil {
		s.covered[key] = map[Direction]bool{}
	}
	s.covered[key][d] = true
}

// Coverage lists, per operation, each example with the directions it ran in,
// and returns the problems that fail the gate: an operation without a
// request example (where it takes a body) or without a success example
// (where the success response has a body), and any example that ran in
// neither the server nor the client direction.
func (s *Suite) Coverage() (report string, problems []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	uses := s.ExampleUses()
	for _, op := range s.Operations() {
		fmt.Fprintf(&b, "%s (%s %s)\n", op.OperationID, strings.ToUpper(op.Method), op.Path)
		if op.HasRequestBody() && len(op.RequestExamples()) == 0 {
			problems = append(problems, op.OperationID+": the request body has no example")
		}
		success := op.SuccessStatus()
		if success == "" {
			problems = append(problems, op.OperationID+": no success response is documented")
		} else if op.ResponseSchema(success) != "" && len(op.ResponseExamples(success)) == 0 {
			problems = append(problems, fmt.Sprintf("%s: the %s response has no example", op.OperationID, success))
		}
		for _, use := range uses {
			if use.Op.OperationID != op.OperationID {
				continue
			}
			dirs := s.covered[use.String()]
			var ran []string
			for d := range dirs {
				ran = append(ran, string(d))
			}
			sort.Strings(ran)
			if len(ran) == 0 {
				ran = []string{"-"}
			}
			fmt.Fprintf(&b, "  %-40s %s\n", use.String(), strings.Join(ran, ", "))
			if !dirs[DirectionServer] && !dirs[DirectionClient] {
				problems = append(problems, use.String()+": exercised by neither the server nor the client direction")
			}
		}
	}
	return b.String(), problems
}
