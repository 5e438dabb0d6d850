package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/store"
)

// model is what a store's configuration should hold: its assignments in
// creation order, as JSON. A slice does what the store must, in the
// simplest way.
type model []modelEntry

type modelEntry struct {
	id, json string
}

func (m model) find(id string) int {
	return slices.IndexFunc(m, func(e modelEntry) bool { return e.id == id })
}

// randomAssignment is an assignment with id and a random choice of each of
// the other properties, so that the model test covers every way the
// store keeps them.
func randomAssignment(t testing.TB, rng *rand.Rand, id string) store.Assignment {
	t.Helper()
	targets := []string{
		`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`,
		`{"@odata.type":"microsoft.graph.allLicensedUsersAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"none"}`,
		fmt.Sprintf(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g-%d"}`, rng.IntN(1000)),
		`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}`,
	}
	a := NewAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")
	Must(t, a.Target.UnmarshalJSON([]byte(targets[rng.IntN(len(targets))])))
	if types := []gen.EnrollmentConfigurationAssignmentOdataType{
		gen.EnrollmentConfigurationAssignmentOdataTypeHashed,
		gen.EnrollmentConfigurationAssignmentOdataTypeBare,
	}; rng.IntN(3) > 0 {
		a.OdataType = &types[rng.IntN(len(types))]
	}
	if sources := []gen.DeviceAndAppManagementAssignmentSource{gen.SourceDirect, gen.SourcePolicySets}; rng.IntN(3) > 0 {
		a.Source = &sources[rng.IntN(len(sources))]
	}
	if rng.IntN(2) == 0 {
		sourceID := fmt.Sprintf("s-%d", rng.IntN(1000))
		a.SourceId = &sourceID
	}
	return a
}

// testAgainstModel runs seeded random operations on the store and
// on a model, and compares their answers and, every so often, their whole
// contents: the order after every operation, all of every assignment
// now and then. Ids come from a pool so that creates collide and deletes
// miss. The small pool keeps the configuration around one B-tree node and
// compares after every operation; the large one starts from a Replace with
// thousands, which makes a tree three levels deep. A durable store is
// also closed and opened again now and then, and must come back as it was.
//
// Every write of the durable store is an fsync, so it runs a tenth of the
// operations.
func testAgainstModel(t *testing.T, kinds []Kind) {
	for _, k := range kinds {
		t.Run(k.Name, func(t *testing.T) { againstModel(t, k) })
	}
}

func againstModel(t *testing.T, k Kind) {
	tests := []struct {
		pool, ops, checkEvery int
		seeds                 []uint64
	}{
		{pool: 150, ops: 4000, checkEvery: 1, seeds: []uint64{1, 2, 3}},
		{pool: 4000, ops: 1500, checkEvery: 150, seeds: []uint64{4}},
	}
	for _, tt := range tests {
		for _, seed := range tt.seeds {
			t.Run(fmt.Sprintf("pool=%d/seed=%d", tt.pool, seed), func(t *testing.T) {
				ops, checkEvery := tt.ops, tt.checkEvery
				if k.Reopen != nil {
					ops, checkEvery = ops/10, max(checkEvery/10, 1)
				}
				runModel(t, k, rand.New(rand.NewPCG(seed, seed)), tt.pool, ops, checkEvery)
			})
		}
	}
}

// runModel runs ops random operations with ids from a pool of that size,
// comparing the whole configuration every checkEvery operations.
func runModel(t *testing.T, k Kind, rng *rand.Rand, pool, ops, checkEvery int) {
	ctx := context.Background()
	s := k.Make(t, "c")
	var m model
	idOf := func(i int) string { return fmt.Sprintf("id-%04d", i) }
	randomID := func() string { return idOf(rng.IntN(pool)) }
	// replace makes n assignments, in random order, the whole set; with
	// a duplicate id it must fail and change nothing.
	replace := func(op, n int, duplicate bool) {
		next := make([]store.Assignment, n)
		for i := range next {
			next[i] = randomAssignment(t, rng, idOf(i))
		}
		rng.Shuffle(len(next), func(i, j int) { next[i], next[j] = next[j], next[i] })
		if duplicate {
			next[n-1] = randomAssignment(t, rng, *next[0].Id)
		}
		err := s.Replace(ctx, "c", next)
		if duplicate {
			if !errors.Is(err, store.ErrAssignmentExists) {
				t.Fatalf("op %d: Replace with a duplicate: %v", op, err)
			}
			return
		}
		Must(t, err)
		m = m[:0]
		for _, a := range next {
			m = append(m, modelEntry{*a.Id, storedJSON(t, a)})
		}
	}
	replace(-1, pool*2/3, false)
	for op := range ops {
		switch r := rng.IntN(100); {
		case r < 40: // create: as often as deletes and replaces remove
			a := randomAssignment(t, rng, randomID())
			err := s.Create(ctx, "c", a)
			if m.find(*a.Id) >= 0 {
				if !errors.Is(err, store.ErrAssignmentExists) {
					t.Fatalf("op %d: Create of existing %s: %v", op, *a.Id, err)
				}
				break
			}
			Must(t, err)
			m = append(m, modelEntry{*a.Id, storedJSON(t, a)})
		case r < 70: // delete
			id := randomID()
			err := s.Delete(ctx, "c", id)
			i := m.find(id)
			if i < 0 {
				if !errors.Is(err, store.ErrAssignmentNotFound) {
					t.Fatalf("op %d: Delete of missing %s: %v", op, id, err)
				}
				break
			}
			Must(t, err)
			m = slices.Delete(m, i, i+1)
		case r < 80: // update
			id := randomID()
			next := randomAssignment(t, rng, id)
			got, err := s.Update(ctx, "c", id, func(store.Assignment) (store.Assignment, error) { return next, nil })
			i := m.find(id)
			if i < 0 {
				if !errors.Is(err, store.ErrAssignmentNotFound) {
					t.Fatalf("op %d: Update of missing %s: %v", op, id, err)
				}
				break
			}
			Must(t, err)
			m[i].json = storedJSON(t, next)
			if asJSON(t, got) != m[i].json {
				t.Fatalf("op %d: Update returned %s, want %s", op, asJSON(t, got), m[i].json)
			}
		case r < 81: // replace
			n := rng.IntN(pool)
			replace(op, n, n > 1 && rng.IntN(4) == 0)
		default: // a page anywhere, and a get
			n := len(m)
			skip, top := rng.IntN(n+3)-1, rng.IntN(min(n, specdoc.MaxTop())+3)-1
			page, total, err := s.List(ctx, "c", skip, top)
			Must(t, err)
			start := min(max(skip, 0), n)
			end := start + min(max(top, 0), n-start)
			if total != n || len(page) != end-start {
				t.Fatalf("op %d: List(%d, %d) = %d of %d, want %d of %d", op, skip, top, len(page), total, end-start, n)
			}
			for i, a := range page {
				if asJSON(t, a) != m[start+i].json {
					t.Fatalf("op %d: List(%d, %d)[%d] = %s, want %s", op, skip, top, i, asJSON(t, a), m[start+i].json)
				}
			}
			id := randomID()
			got, err := s.Get(ctx, "c", id)
			if i := m.find(id); i < 0 {
				if !errors.Is(err, store.ErrAssignmentNotFound) {
					t.Fatalf("op %d: Get of missing %s: %v", op, id, err)
				}
			} else if err != nil || asJSON(t, got) != m[i].json {
				t.Fatalf("op %d: Get(%s) = %s, %v, want %s", op, id, asJSON(t, got), err, m[i].json)
			}
		}
		if k.Reopen != nil && rng.IntN(50) == 0 {
			s = k.Reopen(t, s)
			checkModel(t, op, s, m, true)
		}
		if op%checkEvery == 0 || op == ops-1 {
			checkModel(t, op, s, m, op%(checkEvery*20) == 0 || op == ops-1)
		}
	}
}

// checkModel compares the whole configuration with the model: the ids in
// their order, and with full, every property.
func checkModel(t *testing.T, op int, s store.Store, m model, full bool) {
	t.Helper()
	page, total, err := s.List(context.Background(), "c", 0, len(m)+1)
	Must(t, err)
	if total != len(m) || len(page) != len(m) {
		t.Fatalf("op %d: the store lists %d of %d, the model has %d", op, len(page), total, len(m))
	}
	for i, a := range page {
		if *a.Id != m[i].id {
			t.Fatalf("op %d: assignment %d is %s, the model has %s", op, i, *a.Id, m[i].id)
		}
		if !full {
			continue
		}
		if got := asJSON(t, a); got != m[i].json {
			t.Fatalf("op %d: assignment %d is %s, the model has %s", op, i, got, m[i].json)
		}
	}
}
