package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// serverRun is one case's run: against a fresh in-process server, or
// against a live one. Its driver checks every answer against the spec and
// Graph's correlation headers.
type serverRun struct {
	suite *Suite
	// open starts a fresh server put in a fault and says how to stop it;
	// nil for a live server, whose driver d is given.
	open func(fault Fault) (d *spectest.Driver, stop func(), err error)
	d    *spectest.Driver
	stop func()
	// config is the configuration the case works on.
	config string
	// token grants every operation; narrow grants none of them.
	token, narrow string
	maxBody       int
	// writes: the run may create assignments. fresh: the configuration
	// holds nothing but what the case creates.
	writes, fresh bool
	// ids maps the id of an example the case created to the id the server
	// gave it, where they differ.
	ids map[string]string
	// created are the assignments the case created and has not deleted.
	created []string
	// note says what a passing case did not check.
	note string
}

func (r *serverRun) start(fault Fault) error {
	if r.open == nil {
		return nil
	}
	d, stop, err := r.open(fault)
	if err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	r.d, r.stop = d, stop
	return nil
}

func (r *serverRun) close() {
	if r.stop != nil {
		r.stop()
	}
}

// newRequest is a call of op on configuration config (on assignment item,
// when not ""), with token, meant to follow the spec.
func newRequest(op specdoc.Operation, config, item, token string) (spectest.Request, error) {
	override := map[string]string{"deviceEnrollmentConfigurationId": config}
	if item != "" {
		override["enrollmentConfigurationAssignmentId"] = item
	}
	path, err := op.ExamplePath(override)
	if err != nil {
		return spectest.Request{}, err
	}
	return spectest.Request{
		Method: strings.ToUpper(op.Method), Path: path, Token: token, Valid: true,
		Header: map[string]string{"Accept": "application/json"},
	}, nil
}

// call sends a valid request of op on the case's configuration (on
// assignment item, when not "") with the token that grants every
// operation.
func (r *serverRun) call(ctx context.Context, op specdoc.Operation, item string, query url.Values, body any) (*spectest.Response, error) {
	q, err := newRequest(op, r.config, item, r.token)
	if err != nil {
		return nil, err
	}
	q.Query, q.Body = query, body
	return r.do(ctx, q)
}

// callID is call of the operation named id.
func (r *serverRun) callID(ctx context.Context, id, item string, query url.Values, body any) (*spectest.Response, error) {
	op, err := r.suite.operation(id)
	if err != nil {
		return nil, err
	}
	return r.call(ctx, op, item, query, body)
}

// do sends q and returns the answer, which follows the spec when the error
// is nil.
func (r *serverRun) do(ctx context.Context, q spectest.Request) (*spectest.Response, error) {
	res, err := r.d.Do(ctx, q)
	if res != nil {
		// Whatever the case expected, and whether or not the response
		// follows the spec, what was created is deleted after the case,
		// inside a batch too.
		r.track(res)
		r.trackBatch(res)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// track records the assignment a 201 response (of createAssignment, the
// one operation that answers 201) holds, so that it is deleted after the
// case.
func (r *serverRun) track(res *spectest.Response) {
	if res.Status != http.StatusCreated {
		return
	}
	var item struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(res.Body, &item) == nil && item.ID != "" && !slices.Contains(r.created, item.ID) {
		r.created = append(r.created, item.ID)
	}
}

// forget drops id from the assignments to delete: the case deleted it.
func (r *serverRun) forget(id string) {
	r.created = slices.DeleteFunc(r.created, func(c string) bool { return c == id })
}

// withIDs is an example with the ids of the assignments the case created
// replaced by the ids the server gave them.
func (r *serverRun) withIDs(example any) any {
	if len(r.ids) == 0 {
		return example
	}
	v := clone(example)
	spectest.EachObject(v, func(obj map[string]any) {
		if id, ok := obj["id"].(string); ok && r.ids[id] != "" {
			obj["id"] = r.ids[id]
		}
	})
	return v
}

// readOnly checks a read of op against a configuration whose content the
// case does not control: the response must follow the spec's schemas.
func (r *serverRun) readOnly(ctx context.Context, op specdoc.Operation, query url.Values, hasItem bool, status string) error {
	item := ""
	if hasItem {
		res, err := r.callID(ctx, "listAssignments", "", url.Values{"$top": {"1"}}, nil)
		if err != nil {
			return err
		}
		var page struct {
			Value []struct {
				ID string `json:"id"`
			} `json:"value"`
		}
		if err := json.Unmarshal(res.Body, &page); err != nil || res.Status != http.StatusOK {
			return fmt.Errorf("set-up list: status %d: %s", res.Status, res.Body)
		}
		if len(page.Value) == 0 {
			return skip("the configuration has no assignment to read, and the run may not create one (-allow-writes)")
		}
		item = page.Value[0].ID
	}
	res, err := r.call(ctx, op, item, query, nil)
	if err != nil {
		return err
	}
	if err := expectStatus(res, status); err != nil {
		return err
	}
	if query.Get("$select") == "" {
		if err := r.suite.expectWhole(res.Body); err != nil {
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
	res, err := r.callID(ctx, "createAssignment", "", nil, item)
	if err != nil {
		return "", fmt.Errorf("set-up create: %w", err)
	}
	if res.Status != http.StatusCreated {
		return "", fmt.Errorf("set-up create: status %d: %s", res.Status, res.Body)
	}
	var got struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.Body, &got); err != nil || got.ID == "" {
		return "", fmt.Errorf("set-up create: the 201 response has no id: %s", res.Body)
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
	res, err := r.callID(ctx, "getAssignment", id, nil, nil)
	if err != nil {
		return err
	}
	if res.Status != http.StatusNotFound {
		return fmt.Errorf("after delete, get answers %d, want 404", res.Status)
	}
	return nil
}

// checkState requires that the configuration's assignments are now exactly
// the ones the assign body listed, in order.
func (r *serverRun) checkState(ctx context.Context, body any) error {
	want, _ := asObject(body)["enrollmentConfigurationAssignments"].([]any)
	res, err := r.callID(ctx, "listAssignments", "", url.Values{"$top": {strconv.Itoa(specdoc.MaxTop())}}, nil)
	if err != nil {
		return err
	}
	var page struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal(res.Body, &page); err != nil {
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
