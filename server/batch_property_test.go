package server_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/internal/spectest"
)

// TestBatchEqualsOneByOne is a property of batches: a random sequence of
// creates, updates, deletes and reads, sent as one batch in which each
// request depends on the one before it, leaves the store as sending them
// one by one does, stopping at the first that fails, and each request
// answers as it did on its own; those after a failure answer 424.
func TestBatchEqualsOneByOne(t *testing.T) {
	tok := writer(t)
	for seed := range 100 {
		t.Run(strconv.Itoa(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0x6261746368))
			seq := randomSequence(rng, 1+rng.IntN(20))
			batched, direct := startEmulator(t), startEmulator(t)
			for _, e := range []*emulator{batched, direct} {
				e.create(t, allDevicesBody(existingID))
				e.create(t, allDevicesBody(secondID))
			}
			for i := range seq {
				if i > 0 {
					seq[i]["dependsOn"] = []string{seq[i-1]["id"].(string)}
				}
			}
			got := answers(t, batched.batch(t, tok, seq...))
			failed := false
			for _, r := range seq {
				id := r["id"].(string)
				a := got[id]
				if a == nil {
					t.Fatalf("request %s: no answer", id)
				}
				if failed {
					if a.Status != http.StatusFailedDependency {
						t.Errorf("request %s after a failure answered %d, want 424", id, a.Status)
					}
					continue
				}
				q := spectest.Request{Method: r["method"].(string), Path: direct.URL + "/beta" + r["url"].(string), Token: tok}
				if body, ok := r["body"]; ok {
					q.Body = body
				}
				want := direct.do(t, q)
				if a.Status != want.Status || comparable(a, batched) != comparable(want, direct) {
					t.Errorf("request %s (%s %s): in the batch %d %s\non its own %d %s", id, q.Method, r["url"], a.Status, a.Body, want.Status, want.Body)
				}
				failed = want.Status < 200 || want.Status > 299
			}
			b, _ := batched.listAll(t, knownConfig, 0)
			d, _ := direct.listAll(t, knownConfig, 0)
			if diff := cmp.Diff(d, b); diff != "" {
				t.Errorf("the stores differ (-one by one +batch):\n%s", diff)
			}
		})
	}
}

// randomSequence is n requests on knownConfig's assignments: creates with
// fresh ids, updates, deletes and reads of the ids that exist so far, and
// now and then a create of an id taken or a request of an id that does not
// exist, which fails.
func randomSequence(rng *rand.Rand, n int) []map[string]any {
	ids := []string{existingID, secondID}
	pick := func() string {
		if len(ids) == 0 || rng.IntN(25) == 0 {
			return "no-such-id"
		}
		return ids[rng.IntN(len(ids))]
	}
	targets := []map[string]any{
		{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"},
		{"@odata.type": "microsoft.graph.groupAssignmentTarget", "groupId": "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f"},
		{"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "6d5c4b3a-2f1e-4d0c-9b8a-7e6f5d4c3b2a", "deviceAndAppManagementAssignmentFilterType": "none"},
		{"@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "SMS00001"},
	}
	seq := make([]map[string]any, n)
	for i := range seq {
		id := strconv.Itoa(i + 1)
		switch rng.IntN(4) {
		case 0:
			created := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()&(1<<48-1))
			if len(ids) > 0 && rng.IntN(25) == 0 {
				created = ids[rng.IntN(len(ids))]
			} else {
				ids = append(ids, created)
			}
			seq[i] = item(id, "POST", "", withBody(map[string]any{"id": created, "target": targets[rng.IntN(len(targets))]})...)
		case 1:
			update := map[string]any{}
			switch rng.IntN(3) {
			case 0:
				update["target"] = targets[rng.IntN(len(targets))]
			case 1:
				update["source"] = []string{"direct", "policySets"}[rng.IntN(2)]
			default:
				update["sourceId"] = []any{nil, "s" + strconv.Itoa(rng.IntN(100))}[rng.IntN(2)]
			}
			seq[i] = item(id, "PATCH", "/"+pick(), withBody(update)...)
		case 2:
			gone := pick()
			ids = slices.DeleteFunc(ids, func(s string) bool { return s == gone })
			seq[i] = item(id, "DELETE", "/"+gone)
		default:
			rel := "/" + pick()
			if rng.IntN(3) == 0 {
				rel += "?$select=id,source"
			}
			seq[i] = item(id, "GET", rel)
		}
	}
	return seq
}
