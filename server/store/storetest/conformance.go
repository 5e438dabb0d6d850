package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/store"
)

// testMethods walks the store through each method and its errors.
func testMethods(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		s := newStore(t, "c1", "c2")
		all := "#microsoft.graph.allDevicesAssignmentTarget"
		for _, id := range []string{"a", "b", "c", "d"} {
			if err := s.Create(ctx, "c1", NewAssignment(t, id, all)); err != nil {
				t.Fatal(err)
			}
		}

		tests := []struct {
			name string
			run  func() error
			want error
		}{
			{"create in an unknown configuration", func() error { return s.Create(ctx, "zz", NewAssignment(t, "x", all)) }, store.ErrConfigurationNotFound},
			{"create an existing id", func() error { return s.Create(ctx, "c1", NewAssignment(t, "a", all)) }, store.ErrAssignmentExists},
			{"the same id in another configuration", func() error { return s.Create(ctx, "c2", NewAssignment(t, "a", all)) }, nil},
			{"get unknown", func() error { _, err := s.Get(ctx, "c1", "zz"); return err }, store.ErrAssignmentNotFound},
			{"get in an unknown configuration", func() error { _, err := s.Get(ctx, "zz", "a"); return err }, store.ErrConfigurationNotFound},
			{"list an unknown configuration", func() error { _, _, err := s.List(ctx, "zz", 0, 10); return err }, store.ErrConfigurationNotFound},
			{"delete unknown", func() error { return s.Delete(ctx, "c1", "zz") }, store.ErrAssignmentNotFound},
			{"replace with duplicate ids", func() error {
				return s.Replace(ctx, "c1", []store.Assignment{NewAssignment(t, "x", all), NewAssignment(t, "x", all)})
			}, store.ErrAssignmentExists},
			{"replace an unknown configuration", func() error { return s.Replace(ctx, "zz", nil) }, store.ErrConfigurationNotFound},
			{"update unknown", func() error {
				_, err := s.Update(ctx, "c1", "zz", func(a store.Assignment) (store.Assignment, error) { return a, nil })
				return err
			}, store.ErrAssignmentNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.run(); !errors.Is(err, tt.want) {
					t.Errorf("err = %v, want %v", err, tt.want)
				}
			})
		}

		// None of the failures above changed c1.
		page, total, err := s.List(ctx, "c1", 0, 100)
		if err != nil || total != 4 {
			t.Fatalf("List = %d, %v", total, err)
		}
		if diff := cmp.Diff([]string{"a", "b", "c", "d"}, IDs(page)); diff != "" {
			t.Errorf("after the failures (-want +got):\n%s", diff)
		}

		// Deleting from the middle keeps the order and the index.
		if err := s.Delete(ctx, "c1", "b"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "c", "d"} {
			if got, err := s.Get(ctx, "c1", id); err != nil || *got.Id != id {
				t.Errorf("Get(%q) after a delete = %v, %v", id, got.Id, err)
			}
		}
		page, total, _ = s.List(ctx, "c1", 1, 1)
		if total != 3 || !cmp.Equal([]string{"c"}, IDs(page)) {
			t.Errorf("List(skip 1, top 1) = %v of %d, want [c] of 3", IDs(page), total)
		}
		page, _, _ = s.List(ctx, "c1", 10, 5)
		if len(page) != 0 {
			t.Errorf("List past the end = %v", IDs(page))
		}
	})
}

// testUpdate is atomic: an error from the change stores nothing,
// and the change cannot alter the id.
func testUpdate(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		s := newStore(t, "c")
		if err := s.Create(ctx, "c", NewAssignment(t, "a", "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
			t.Fatal(err)
		}
		refuse := errors.New("refused")
		if _, err := s.Update(ctx, "c", "a", func(a store.Assignment) (store.Assignment, error) {
			src := gen.SourcePolicySets
			a.Source = &src
			return a, refuse
		}); !errors.Is(err, refuse) {
			t.Fatalf("err = %v, want the change's error", err)
		}
		if got, _ := s.Get(ctx, "c", "a"); got.Source == nil || *got.Source != gen.SourceDirect {
			t.Error("a failed change was stored")
		}
		if _, err := s.Update(ctx, "c", "a", func(a store.Assignment) (store.Assignment, error) {
			other := "b"
			a.Id = &other
			return a, nil
		}); err == nil {
			t.Error("a change of the id was accepted")
		}
	})
}

// testCopies shares no memory with callers: changing what went in
// or came out does not change what is stored.
func testCopies(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		s := newStore(t, "c")
		in := NewAssignment(t, "a", "#microsoft.graph.allDevicesAssignmentTarget")
		src := gen.SourceDirect
		in.Source = &src
		if err := s.Create(ctx, "c", in); err != nil {
			t.Fatal(err)
		}
		src = gen.SourcePolicySets // through the caller's pointer
		*in.Id = "changed"
		out, err := s.Get(ctx, "c", "a")
		if err != nil {
			t.Fatal(err)
		}
		if *out.Source != gen.SourceDirect || *out.Id != "a" {
			t.Fatalf("stored assignment changed through the caller's pointers: %+v", out)
		}
		*out.Source = gen.SourcePolicySets
		again, _ := s.Get(ctx, "c", "a")
		if *again.Source != gen.SourceDirect {
			t.Error("stored assignment changed through a returned pointer")
		}
	})
}

// testOrderAfterDeletes keeps creation order whatever is deleted,
// lists every page right, and puts a re-created id at the end.
func testOrderAfterDeletes(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		const n = 40 // with a B-tree's degree of 32, enough for more than one node
		created := make([]string, n)
		for i := range created {
			created[i] = fmt.Sprintf("a%02d", i)
		}
		tests := []struct {
			name     string
			delete   []string
			recreate []string // created again after the deletes
		}{
			{"nothing deleted", nil, nil},
			{"the first", []string{"a00"}, nil},
			{"the last", []string{"a39"}, nil},
			{"one in the middle", []string{"a20"}, nil},
			{"the first ten", []string{"a00", "a01", "a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09"}, nil},
			{"every other one", []string{"a01", "a03", "a05", "a07", "a09", "a11", "a13", "a15", "a17", "a19", "a21", "a23", "a25", "a27", "a29", "a31", "a33", "a35", "a37", "a39"}, nil},
			{"all of them", created, nil},
			{"the first, created again", []string{"a00"}, []string{"a00"}},
			{"the middle and the end, created again in reverse", []string{"a20", "a39"}, []string{"a39", "a20"}},
			{"all, created again in reverse", created, reversed(created)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := storeWith(t, newStore, created...)
				want := slices.Clone(created)
				for _, id := range tt.delete {
					if err := s.Delete(context.Background(), "c", id); err != nil {
						t.Fatal(err)
					}
					want = slices.DeleteFunc(want, func(x string) bool { return x == id })
					if _, err := s.Get(context.Background(), "c", id); !errors.Is(err, store.ErrAssignmentNotFound) {
						t.Errorf("Get(%s) after its delete: %v", id, err)
					}
				}
				for _, id := range tt.recreate {
					if err := s.Create(context.Background(), "c", NewAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
						t.Fatal(err)
					}
					want = append(want, id)
				}
				if diff := cmp.Diff(want, ListAll(t, s)); diff != "" {
					t.Errorf("order (-want +got):\n%s", diff)
				}
				for _, id := range want {
					if got, err := s.Get(context.Background(), "c", id); err != nil || *got.Id != id {
						t.Errorf("Get(%s) = %v, %v", id, got.Id, err)
					}
				}
				CheckPages(t, s, want)
			})
		}
	})
}

// testDuplicateIDs refuses a second assignment with an id the
// configuration has, and changes nothing when it does.
func testDuplicateIDs(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		all := "#microsoft.graph.allDevicesAssignmentTarget"
		group := `#microsoft.graph.groupAssignmentTarget","groupId":"g`
		tests := []struct {
			name    string
			run     func(s store.Store) error
			wantErr error
			want    []string // the configuration's ids afterwards
		}{
			{"create the first again", func(s store.Store) error {
				return s.Create(ctx, "c", NewAssignment(t, "a", group))
			}, store.ErrAssignmentExists, []string{"a", "b", "c"}},
			{"create the last again", func(s store.Store) error {
				return s.Create(ctx, "c", NewAssignment(t, "c", group))
			}, store.ErrAssignmentExists, []string{"a", "b", "c"}},
			{"replace with an id twice", func(s store.Store) error {
				return s.Replace(ctx, "c", []store.Assignment{NewAssignment(t, "x", all), NewAssignment(t, "y", all), NewAssignment(t, "x", all)})
			}, store.ErrAssignmentExists, []string{"a", "b", "c"}},
			{"replace with an existing id twice", func(s store.Store) error {
				return s.Replace(ctx, "c", []store.Assignment{NewAssignment(t, "a", group), NewAssignment(t, "a", group)})
			}, store.ErrAssignmentExists, []string{"a", "b", "c"}},
			{"replace with existing ids once each", func(s store.Store) error {
				return s.Replace(ctx, "c", []store.Assignment{NewAssignment(t, "c", all), NewAssignment(t, "a", all)})
			}, nil, []string{"c", "a"}},
			{"an id differing only in case", func(s store.Store) error {
				return s.Create(ctx, "c", NewAssignment(t, "A", all))
			}, nil, []string{"a", "b", "c", "A"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := storeWith(t, newStore, "a", "b", "c")
				before, _ := s.Get(ctx, "c", "a")
				if err := tt.run(s); !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
				if diff := cmp.Diff(tt.want, ListAll(t, s)); diff != "" {
					t.Errorf("ids afterwards (-want +got):\n%s", diff)
				}
				if after, _ := s.Get(ctx, "c", "a"); asJSON(t, after) != asJSON(t, before) {
					t.Errorf("a was %s, is now %s", asJSON(t, before), asJSON(t, after))
				}
			})
		}
	})
}

// testReplaceIsAtomic has readers list while Replace swaps between
// two sets: each list sees one set whole, never a mix or a part.
func testReplaceIsAtomic(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		set := func(prefix string, n int) []store.Assignment {
			out := make([]store.Assignment, n)
			for i := range out {
				out[i] = NewAssignment(t, fmt.Sprintf("%s%03d", prefix, i), "#microsoft.graph.allDevicesAssignmentTarget")
			}
			return out
		}
		a, b := set("a", 300), set("b", 200)
		wantA, wantB := IDs(a), IDs(b)
		s := newStore(t, "c")
		if err := s.Replace(ctx, "c", a); err != nil {
			t.Fatal(err)
		}

		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					page, total, err := s.List(ctx, "c", 0, math.MaxInt)
					got := IDs(page)
					if err != nil || (!slices.Equal(got, wantA) || total != len(wantA)) && (!slices.Equal(got, wantB) || total != len(wantB)) {
						t.Errorf("List saw %d of %d (%v), neither set whole", len(got), total, err)
						return
					}
				}
			})
		}
		for i := range 100 {
			next := a
			if i%2 == 0 {
				next = b
			}
			if err := s.Replace(ctx, "c", next); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
	})
}

// scribble changes every property of a through its pointers and the
// target's bytes, which MarshalJSON hands out as the union holds them.
func scribble(t testing.TB, a store.Assignment) {
	t.Helper()
	*a.Id = "scribbled"
	*a.OdataType = "scribbled"
	*a.Source = gen.SourcePolicySets
	*a.SourceId = "scribbled"
	raw, err := a.Target.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	copy(raw, `{"@odata.type":"scribbled"`)
}

// testSharesNoMemory changes what went into the store and what
// came out of it, every property of it, and finds the store unchanged.
func testSharesNoMemory(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		in := func() store.Assignment {
			var a store.Assignment
			raw := `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"a","source":"direct","sourceId":"s",` +
				`"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"0d9a7d3e-8b41-4f0e-9a4b-1b2c3d4e5f60"}}`
			if err := json.Unmarshal([]byte(raw), &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		keep := func(a store.Assignment) (store.Assignment, error) { return a, nil }
		tests := []struct {
			name string
			// touch fills the store from a and returns what to scribble on.
			touch func(t *testing.T, s store.Store, a store.Assignment) store.Assignment
		}{
			{"what went into Create", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				return a
			}},
			{"what went into Replace", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Replace(ctx, "c", []store.Assignment{a}))
				return a
			}},
			{"what came out of Get", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				out, err := s.Get(ctx, "c", "a")
				Must(t, err)
				return out
			}},
			{"what came out of List", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				page, _, err := s.List(ctx, "c", 0, 1)
				Must(t, err)
				return page[0]
			}},
			{"what Update returned", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				out, err := s.Update(ctx, "c", "a", keep)
				Must(t, err)
				return out
			}},
			{"what Update's change was given", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				var given store.Assignment
				_, err := s.Update(ctx, "c", "a", func(a store.Assignment) (store.Assignment, error) {
					given = a
					return in(), nil
				})
				Must(t, err)
				return given
			}},
			{"what Update's change returned", func(t *testing.T, s store.Store, a store.Assignment) store.Assignment {
				Must(t, s.Create(ctx, "c", a))
				changed := in()
				_, err := s.Update(ctx, "c", "a", func(store.Assignment) (store.Assignment, error) { return changed, nil })
				Must(t, err)
				return changed
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := newStore(t, "c")
				a := in()
				want := storedJSON(t, a)
				scribble(t, tt.touch(t, s, a))
				got, err := s.Get(ctx, "c", "a")
				Must(t, err)
				if asJSON(t, got) != want {
					t.Errorf("stored assignment changed:\n got %s\nwant %s", asJSON(t, got), want)
				}
			})
		}
	})
}

// testKeepsEveryProperty stores and returns each property as it
// was given: absent, empty or set, whatever the spelling.
func testKeepsEveryProperty(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		tests := []string{
			`{"id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
			`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
			`{"@odata.type":"microsoft.graph.enrollmentConfigurationAssignment","id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
			`{"@odata.type":"#microsoft.graph.somethingElse","id":"a","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
			`{"@odata.type":"","id":"a","source":"direct","sourceId":"","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
			`{"id":"a","source":"policySets","sourceId":"policy-set-1","target":{"@odata.type":"microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterType":"exclude","deviceAndAppManagementAssignmentFilterId":"f"}}`,
			`{"id":"a","target":{ "@odata.type" : "#microsoft.graph.groupAssignmentTarget", "groupId":"g\u00e9" }}`,
			`{"id":"a","target":null}`,
			`{"id":"a"}`,
		}
		for _, raw := range tests {
			t.Run(raw, func(t *testing.T) {
				var a store.Assignment
				Must(t, json.Unmarshal([]byte(raw), &a))
				want := storedJSON(t, a)
				for _, op := range []struct {
					name  string
					store func(s store.Store) error
				}{
					{"Create", func(s store.Store) error { return s.Create(ctx, "c", a) }},
					{"Replace", func(s store.Store) error { return s.Replace(ctx, "c", []store.Assignment{a}) }},
					{"Update", func(s store.Store) error {
						if err := s.Create(ctx, "c", NewAssignment(t, "a", "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
							return err
						}
						_, err := s.Update(ctx, "c", "a", func(store.Assignment) (store.Assignment, error) { return a, nil })
						return err
					}},
				} {
					s := newStore(t, "c")
					Must(t, op.store(s))
					got, err := s.Get(ctx, "c", "a")
					Must(t, err)
					page, _, err := s.List(ctx, "c", 0, 1)
					Must(t, err)
					if asJSON(t, got) != want || asJSON(t, page[0]) != want {
						t.Errorf("after %s: Get = %s, List = %s, want %s", op.name, asJSON(t, got), asJSON(t, page[0]), want)
					}
				}
			})
		}
	})
}

// testRefusesWhatTheSpecDoesNot: an assignment without an id, or
// with a source the spec does not define, is a programming error (the API
// validates both before the store sees them). The store answers an error
// that is none of Store's own, and keeps what it had.
func testRefusesWhatTheSpecDoesNot(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		all := "#microsoft.graph.allDevicesAssignmentTarget"
		noID := NewAssignment(t, "", all)
		noID.Id = nil
		emptyID := NewAssignment(t, "", all)
		badSource := NewAssignment(t, "z", all)
		elsewhere := gen.DeviceAndAppManagementAssignmentSource("elsewhere")
		badSource.Source = &elsewhere
		withBadSource := func(a store.Assignment) (store.Assignment, error) {
			a.Source = &elsewhere
			return a, nil
		}
		tests := []struct {
			name string
			run  func(s store.Store) error
		}{
			{"create without an id", func(s store.Store) error { return s.Create(ctx, "c", noID) }},
			{"create with an empty id", func(s store.Store) error { return s.Create(ctx, "c", emptyID) }},
			{"create with an unknown source", func(s store.Store) error { return s.Create(ctx, "c", badSource) }},
			{"replace with one without an id", func(s store.Store) error {
				return s.Replace(ctx, "c", []store.Assignment{NewAssignment(t, "x", all), noID})
			}},
			{"replace with an unknown source", func(s store.Store) error {
				return s.Replace(ctx, "c", []store.Assignment{NewAssignment(t, "x", all), badSource})
			}},
			{"update to an unknown source", func(s store.Store) error {
				_, err := s.Update(ctx, "c", "a", withBadSource)
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := storeWith(t, newStore, "a")
				before, _ := s.Get(ctx, "c", "a")
				err := tt.run(s)
				if err == nil || errors.Is(err, store.ErrAssignmentExists) || errors.Is(err, store.ErrAssignmentNotFound) {
					t.Errorf("err = %v, want a programming error", err)
				}
				if got := ListAll(t, s); !slices.Equal(got, []string{"a"}) {
					t.Errorf("ids afterwards = %v, want [a]", got)
				}
				if after, _ := s.Get(ctx, "c", "a"); asJSON(t, after) != asJSON(t, before) {
					t.Errorf("a was %s, is now %s", asJSON(t, before), asJSON(t, after))
				}
			})
		}
	})
}

// testConcurrency has writers create and delete in one configuration,
// and in another, while readers list and get: under -race, no data race;
// afterwards, each writer's survivors in the order it created them, and
// the other configuration untouched by the first's traffic.
func testConcurrency(t *testing.T, kinds []Kind) {
	forEachKind(t, kinds, func(t *testing.T, newStore Maker) {
		ctx := context.Background()
		s := newStore(t, "c", "d")
		const writers, each = 4, 40
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					id := fmt.Sprintf("w%d-%03d", w, i)
					Must(t, s.Create(ctx, "c", NewAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")))
					Must(t, s.Create(ctx, "d", NewAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")))
					if i%2 == 1 {
						Must(t, s.Delete(ctx, "c", id))
					}
				}
			})
		}
		var readers sync.WaitGroup
		for range 2 {
			readers.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					page, total, err := s.List(ctx, "c", 0, math.MaxInt)
					if err != nil || len(page) != total {
						t.Errorf("List = %d of %d, %v", len(page), total, err)
						return
					}
					if len(page) > 0 {
						if _, err := s.Get(ctx, "c", *page[0].Id); err != nil && !errors.Is(err, store.ErrAssignmentNotFound) {
							t.Errorf("Get: %v", err)
						}
					}
				}
			})
		}
		wg.Wait()
		close(stop)
		readers.Wait()
		got := ListAll(t, s)
		if len(got) != writers*each/2 {
			t.Fatalf("%d assignments left, want %d", len(got), writers*each/2)
		}
		for w := range writers {
			prefix := fmt.Sprintf("w%d-", w)
			var mine []string
			for _, id := range got {
				if strings.HasPrefix(id, prefix) {
					mine = append(mine, id)
				}
			}
			if !slices.IsSorted(mine) || len(mine) != each/2 {
				t.Errorf("writer %d's assignments: %v", w, mine)
			}
		}
		if _, total, _ := s.List(ctx, "d", 0, 0); total != writers*each {
			t.Errorf("configuration d has %d, want %d", total, writers*each)
		}
	})
}
