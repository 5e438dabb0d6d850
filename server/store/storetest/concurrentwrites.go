package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/server/store"
)

// testConcurrentWrites has writers race on the same assignments of one
// configuration, while a Replace keeps swapping another's whole set under
// creates: every read-modify-write of an Update sees the one before it (no
// update is lost), of the creates of one id exactly one succeeds, a
// Replace leaves the configuration as it said, and, for a durable store,
// what it reopens is what it served.
func testConcurrentWrites(t *testing.T, kinds []Kind) {
	for _, k := range kinds {
		t.Run(k.Name, func(t *testing.T) {
			ctx := context.Background()
			s := k.Make(t, "c", "r")
			all := "#microsoft.graph.allDevicesAssignmentTarget"
			Must(t, s.Create(ctx, "c", NewAssignment(t, "counter", all)))
			const writers, each = 6, 25
			var created atomic.Int64
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for i := range each {
						if _, err := s.Update(ctx, "c", "counter", increment); err != nil {
							t.Errorf("Update: %v", err)
							return
						}
						switch err := s.Create(ctx, "c", NewAssignment(t, fmt.Sprintf("race-%03d", i), all)); {
						case err == nil:
							created.Add(1)
						case !errors.Is(err, store.ErrAssignmentExists):
							t.Errorf("Create: %v", err)
							return
						}
						Must(t, s.Create(ctx, "r", NewAssignment(t, fmt.Sprintf("w%d-%03d", w, i), all)))
					}
				})
			}
			wg.Go(func() {
				for i := range each {
					ids := []string{fmt.Sprintf("kept-%03d-a", i), fmt.Sprintf("kept-%03d-b", i)}
					Must(t, s.Replace(ctx, "r", []store.Assignment{NewAssignment(t, ids[0], all), NewAssignment(t, ids[1], all)}))
				}
			})
			wg.Wait()

			got, err := s.Get(ctx, "c", "counter")
			Must(t, err)
			if n := counterValue(t, got); n != writers*each {
				t.Errorf("the counter was incremented %d times by %d updates: updates were lost", n, writers*each)
			}
			if n := created.Load(); n != each {
				t.Errorf("%d creates of %d ids succeeded", n, each)
			}
			page, _, err := s.List(ctx, "r", 0, 2)
			Must(t, err)
			if want := []string{fmt.Sprintf("kept-%03d-a", each-1), fmt.Sprintf("kept-%03d-b", each-1)}; !cmp.Equal(want, IDs(page)) {
				t.Errorf("after the last Replace, r begins with %v, want %v", IDs(page), want)
			}
			if k.Reopen == nil {
				return
			}
			before := everything(t, s)
			s = k.Reopen(t, s)
			if diff := cmp.Diff(before, everything(t, s)); diff != "" {
				t.Errorf("after a reopen (-served before +stored):\n%s", diff)
			}
		})
	}
}

// increment counts in the assignment's sourceId.
func increment(a store.Assignment) (store.Assignment, error) {
	n := 0
	if a.SourceId != nil {
		var err error
		if n, err = strconv.Atoi(*a.SourceId); err != nil {
			return a, err
		}
	}
	next := strconv.Itoa(n + 1)
	a.SourceId = &next
	return a, nil
}

func counterValue(t testing.TB, a store.Assignment) int {
	t.Helper()
	if a.SourceId == nil {
		return 0
	}
	n, err := strconv.Atoi(*a.SourceId)
	Must(t, err)
	return n
}

// everything is the JSON of every assignment of configurations c and r,
// in order.
func everything(t testing.TB, s store.Store) []string {
	t.Helper()
	var out []string
	for _, config := range []string{"c", "r"} {
		page, _, err := s.List(context.Background(), config, 0, math.MaxInt)
		Must(t, err)
		for _, a := range page {
			out = append(out, config+" "+asJSON(t, a))
		}
	}
	return out
}
