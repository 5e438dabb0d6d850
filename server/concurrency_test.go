package server_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestConcurrentWrites has many clients create, patch, read and delete at
// once. Afterwards every acknowledged create that was not deleted is
// listed exactly once, with the target its create sent and its last
// acknowledged patch; nothing deleted is listed; nothing else is. Each
// request's body is read into a buffer that the next request reuses: a
// stored value that still pointed into one would show another's target.
func TestConcurrentWrites(t *testing.T) {
	emu := startEmulator(t)
	const (
		workers = 8
		rounds  = 25
	)
	tok := writer(t)
	type outcome struct {
		kept    map[string]kept
		deleted []string
		err     error
	}
	outcomes := make([]outcome, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			out := outcome{kept: map[string]kept{}}
			defer func() { outcomes[w] = out }()
			for r := range rounds {
				var created struct {
					ID string `json:"id"`
				}
				group := fmt.Sprintf("g-%d-%d", w, r)
				body := map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": group}}
				if err := send(emu, tok, http.MethodPost, assignmentsPath(knownConfig), body, http.StatusCreated, &created); err != nil {
					out.err = err
					return
				}
				mark := fmt.Sprintf("patched-%d-%d", w, r)
				if err := send(emu, tok, http.MethodPatch, assignmentPath(knownConfig, created.ID), map[string]any{"sourceId": mark}, http.StatusOK, nil); err != nil {
					out.err = err
					return
				}
				if err := send(emu, tok, http.MethodGet, assignmentsPath(knownConfig)+"?$top=5", nil, http.StatusOK, nil); err != nil {
					out.err = err
					return
				}
				if r%3 == 0 {
					if err := send(emu, tok, http.MethodDelete, assignmentPath(knownConfig, created.ID), nil, http.StatusNoContent, nil); err != nil {
						out.err = err
						return
					}
					out.deleted = append(out.deleted, created.ID)
					continue
				}
				out.kept[created.ID] = kept{group: group, sourceID: mark}
			}
		})
	}
	wg.Wait()

	want := map[string]kept{}
	deleted := map[string]bool{}
	for _, o := range outcomes {
		if o.err != nil {
			t.Fatal(o.err)
		}
		for id, k := range o.kept {
			if _, dup := want[id]; dup {
				t.Errorf("two creates acknowledged the same id %s", id)
			}
			want[id] = k
		}
		for _, id := range o.deleted {
			deleted[id] = true
		}
	}
	listed, _ := emu.listAll(t, knownConfig, 37)
	seen := map[string]bool{}
	for _, a := range listed {
		id, _ := a["id"].(string)
		switch {
		case seen[id]:
			t.Errorf("%s is listed twice", id)
		case deleted[id]:
			t.Errorf("%s was deleted but is listed", id)
		case want[id] == kept{}:
			t.Errorf("%s is listed but was never acknowledged", id)
		case a["sourceId"] != want[id].sourceID:
			t.Errorf("%s has sourceId %v, want its patch %q", id, a["sourceId"], want[id].sourceID)
		}
		if target, _ := a["target"].(map[string]any); target["groupId"] != want[id].group && want[id] != (kept{}) {
			t.Errorf("%s has target %v, want the groupId %q its create sent", id, target, want[id].group)
		}
		seen[id] = true
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("acknowledged assignment %s is lost", id)
		}
	}
	// Every third round (r = 0, 3, ...) deletes what it created.
	if wantN := workers * (rounds - (rounds+2)/3); len(want) != wantN || len(listed) != wantN {
		t.Errorf("%d assignments acknowledged and kept, %d listed; want %d", len(want), len(listed), wantN)
	}
}

// kept is what an assignment that was not deleted must be listed with.
type kept struct{ group, sourceID string }

// send is a request for goroutines (no t.Fatal): it returns an error
// unless the answer is checked and the status is want, and decodes the body
// into out.
func send(emu *emulator, tok, method, path string, body any, want int, out any) error {
	resp, err := emu.driver.Do(context.Background(), spectest.Request{Method: method, Path: emu.URL + path, Body: body, Token: tok})
	if err != nil {
		return err
	}
	if resp.Status != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, resp.Status, want, resp.Body)
	}
	if out != nil {
		return resp.Decode(out)
	}
	return nil
}
