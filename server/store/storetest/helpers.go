package storetest

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/server/store"
)

// NewAssignment is an assignment with that id and a target of that
// @odata.type, as a request would decode to.
func NewAssignment(t testing.TB, id, targetType string) store.Assignment {
	t.Helper()
	var a store.Assignment
	raw := `{"id":"` + id + `","target":{"@odata.type":"` + targetType + `"}}`
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// IDs lists the ids of as, in order; never nil.
func IDs(as []store.Assignment) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, *a.Id)
	}
	return out
}

// Must fails the test on an error.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// ListAll is every id of configuration "c", in order, with the total List
// reports.
func ListAll(t testing.TB, s store.Store) []string {
	t.Helper()
	page, total, err := s.List(context.Background(), "c", 0, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(page) {
		t.Fatalf("List returned %d of a total of %d", len(page), total)
	}
	return IDs(page)
}

// CheckPages lists every page of configuration "c": every skip from before
// the start to past the end, with tops from none to more than there are,
// and compares each with the same slice of want.
func CheckPages(t *testing.T, s store.Store, want []string) {
	t.Helper()
	n := len(want)
	for skip := -1; skip <= n+1; skip++ {
		for _, top := range []int{-1, 0, 1, 2, 3, n - 1, n, n + 1, math.MaxInt} {
			page, total, err := s.List(context.Background(), "c", skip, top)
			if err != nil {
				t.Fatal(err)
			}
			start := min(max(skip, 0), n)
			end := start + min(max(top, 0), n-start)
			if total != n || !cmp.Equal(want[start:end], IDs(page)) {
				t.Errorf("List(skip %d, top %d) = %v of %d, want %v of %d", skip, top, IDs(page), total, want[start:end], n)
			}
			if page == nil {
				t.Errorf("List(skip %d, top %d) returned nil, want an empty page", skip, top)
			}
		}
	}
}

// asJSON is a's JSON, which covers every property, the target included.
func asJSON(t testing.TB, a store.Assignment) string {
	t.Helper()
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// storedJSON is the JSON of what a Store answers for a: a in canonical
// form, whatever form it was given in.
func storedJSON(t testing.TB, a store.Assignment) string {
	t.Helper()
	return asJSON(t, store.Canonical(a))
}

// storeWith is a store whose configuration "c" holds the given ids, created
// in that order.
func storeWith(t testing.TB, newStore Maker, ids ...string) store.Store {
	t.Helper()
	s := newStore(t, "c")
	for _, id := range ids {
		if err := s.Create(context.Background(), "c", NewAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func reversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}
