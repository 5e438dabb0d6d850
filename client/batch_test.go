package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// batchesSent counts the batches a fake Graph received.
func batchesSent(f *spectest.FakeGraph) int {
	n := 0
	for _, r := range f.Requests() {
		if r.Op == spectest.BatchOperation {
			n++
		}
	}
	return n
}

// createID is the id of the i-th assignment a test creates.
func createID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// TestBatchCreatesInBatchesOf20 queues 50 creates: Send sends them in three
// batches (20, 20 and 10), and each call's result is the assignment stored.
func TestBatchCreatesInBatchesOf20(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(100))
	c := newTestClient(t, fake)
	b := c.NewBatch()
	var queued []*client.Queued[*client.Assignment]
	for i := range 50 {
		id := createID(i)
		q, err := b.CreateAssignment(configID, client.Assignment{Id: &id, Target: client.AllDevicesTarget()})
		if err != nil {
			t.Fatal(err)
		}
		queued = append(queued, q)
	}
	if err := b.Send(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := batchesSent(fake); n != 3 {
		t.Errorf("%d batches sent, want 3", n)
	}
	for i, q := range queued {
		a, err := q.Result()
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		if a.Id == nil || *a.Id != createID(i) {
			t.Errorf("create %d: id %v, want %s", i, a.Id, createID(i))
		}
	}
	n, err := c.CountAssignments(t.Context(), configID, client.CountOptions{})
	if err != nil || n != 50 {
		t.Errorf("count %d, %v; want 50", n, err)
	}
	// A second Send sends nothing: every call has its result.
	fake.Reset()
	if err := b.Send(t.Context()); err != nil || batchesSent(fake) != 0 {
		t.Errorf("a second Send sent %d batches (%v), want none", batchesSent(fake), err)
	}
}

// TestBatchTypedResults runs every operation in one batch, chained where
// one needs another's change, and reads each typed result.
func TestBatchTypedResults(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(100))
	c := newTestClient(t, fake)
	b := c.NewBatch()
	id := createID(1)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	create, err := b.CreateAssignment(configID, client.Assignment{Id: &id, Target: client.GroupTarget("0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f")})
	must(err)
	source := client.AssignmentUpdate{SourceId: new(string)}
	*source.SourceId = "s1"
	update, err := b.UpdateAssignment(configID, id, source, client.After(create))
	must(err)
	get, err := b.GetAssignment(configID, id, client.GetOptions{Select: []string{"id", "sourceId"}}, client.After(update))
	must(err)
	page, err := b.ListAssignmentsPage(configID, client.ListOptions{Top: 1, Count: true}, client.After(update))
	must(err)
	count, err := b.CountAssignments(configID, client.CountOptions{Filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')"}, client.After(update))
	must(err)
	del, err := b.DeleteAssignment(configID, id, client.After(get, page, count))
	must(err)
	assign, err := b.Assign(configID, []client.Assignment{{Target: client.AllDevicesTarget()}}, client.After(del))
	must(err)
	if b.Len() != 7 {
		t.Fatalf("Len %d, want 7", b.Len())
	}
	must(b.Send(t.Context()))

	if a, err := create.Result(); err != nil || *a.Id != id {
		t.Errorf("create: %v, %v", a, err)
	}
	if a, err := update.Result(); err != nil || a.SourceId == nil || *a.SourceId != "s1" {
		t.Errorf("update: %v, %v", a, err)
	}
	if a, err := get.Result(); err != nil || *a.Id != id || a.Source != nil {
		t.Errorf("get with $select=id,sourceId: %+v, %v", a, err)
	}
	if p, err := page.Result(); err != nil || len(p.Value) != 1 || p.OdataCount == nil || *p.OdataCount != 1 {
		t.Errorf("list: %+v, %v", p, err)
	}
	if n, err := count.Result(); err != nil || n != 1 {
		t.Errorf("count: %d, %v", n, err)
	}
	if _, err := del.Result(); err != nil {
		t.Errorf("delete: %v", err)
	}
	if _, err := assign.Result(); err != nil {
		t.Errorf("assign: %v", err)
	}
	if n := batchesSent(fake); n != 1 {
		t.Errorf("%d batches, want 1", n)
	}
}

// TestBatchErrors reads the errors of calls in a batch: the service's, as
// *Error, and a dependency's failure, in the same batch (the service's
// 424) and across batches (the client's), both ErrDependencyFailed.
func TestBatchErrors(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(100))
	c := newTestClient(t, fake)
	b := c.NewBatch()
	missing, err := b.GetAssignment(configID, "no-such-id", client.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameBatch, _ := b.DeleteAssignment(configID, "no-such-id", client.After(missing))
	for range 20 {
		if _, err := b.CountAssignments(configID, client.CountOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	nextBatch, _ := b.DeleteAssignment(configID, "no-such-id", client.After(missing))
	afterThat, _ := b.CountAssignments(configID, client.CountOptions{}, client.After(nextBatch))
	if err := b.Send(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, err = missing.Result()
	var e *client.Error
	if !errors.As(err, &e) || !errors.Is(err, client.ErrNotFound) || e.Op != "getAssignment" || e.RequestID == "" {
		t.Errorf("the read of a missing assignment: %v, want a 404 *client.Error of getAssignment", err)
	}
	if _, err := sameBatch.Result(); !errors.Is(err, client.ErrDependencyFailed) || !errors.As(err, &e) || e.Status != http.StatusFailedDependency {
		t.Errorf("a dependent in the same batch: %v, want the service's 424", err)
	}
	for _, q := range []interface{ Result() (struct{}, error) }{nextBatch} {
		if _, err := q.Result(); !errors.Is(err, client.ErrDependencyFailed) || errors.As(err, &e) {
			t.Errorf("a dependent in a later batch: %v, want ErrDependencyFailed from the client", err)
		}
	}
	if _, err := afterThat.Result(); !errors.Is(err, client.ErrDependencyFailed) {
		t.Errorf("a dependent of a dependent: %v, want ErrDependencyFailed", err)
	}
	if n := batchesSent(fake); n != 2 {
		t.Errorf("%d batches, want 2 (the calls that could not run were not sent)", n)
	}
}

// TestBatchChecksCallsWhenQueued refuses, without queueing them, the calls
// the spec does not allow and dependencies on calls of another Batch.
func TestBatchChecksCallsWhenQueued(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, newEmulator(100))
	c := newTestClient(t, fake)
	b, other := c.NewBatch(), c.NewBatch()
	if _, err := b.GetAssignment("", assignmentID, client.GetOptions{}); !errors.Is(err, client.ErrInvalidInput) {
		t.Errorf("an empty configuration id: %v, want ErrInvalidInput", err)
	}
	if _, err := b.ListAssignmentsPage(configID, client.ListOptions{Top: 1000}); !errors.Is(err, client.ErrInvalidInput) {
		t.Errorf("$top=1000: %v, want ErrInvalidInput", err)
	}
	foreign, err := other.CountAssignments(configID, client.CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.CountAssignments(configID, client.CountOptions{}, client.After(foreign)); err == nil {
		t.Error("a dependency on a call of another Batch was queued")
	}
	if b.Len() != 0 {
		t.Errorf("Len %d after refused calls, want 0", b.Len())
	}
	if _, err := foreign.Result(); !errors.Is(err, client.ErrNotSent) {
		t.Errorf("a result before Send: %v, want ErrNotSent", err)
	}
}

// TestBatchThatFails gives every call of a batch that the service refused
// as a whole its error, and Send returns it.
func TestBatchThatFails(t *testing.T) {
	fake := spectest.NewFakeGraph(t, prefix, testToken, spectest.Replies(spectest.Reply{Status: http.StatusUnauthorized,
		Header: map[string]string{"WWW-Authenticate": "Bearer"},
		Body:   map[string]any{"error": map[string]any{"code": "InvalidAuthenticationToken", "message": "expired"}}}))
	c := newTestClient(t, fake)
	b := c.NewBatch()
	q, err := b.CountAssignments(configID, client.CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Send(t.Context()); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("Send: %v, want ErrUnauthorized", err)
	}
	if _, err := q.Result(); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("the call: %v, want ErrUnauthorized", err)
	}
}
