package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server"
)

func newAssignment(t testing.TB, id, targetType string) server.Assignment {
	t.Helper()
	var a server.Assignment
	raw := `{"id":"` + id + `","target":{"@odata.type":"` + targetType + `"}}`
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func ids(as []server.Assignment) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, *a.Id)
	}
	return out
}

// TestMemStore walks the store through each method and its errors.
func TestMemStore(t *testing.T) {
	ctx := context.Background()
	s := server.NewMemStore([]string{"c1", "c2"})
	all := "#microsoft.graph.allDevicesAssignmentTarget"
	for _, id := range []string{"a", "b", "c", "d"} {
		if err := s.Create(ctx, "c1", newAssignment(t, id, all)); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"create in an unknown configuration", func() error { return s.Create(ctx, "zz", newAssignment(t, "x", all)) }, server.ErrConfigurationNotFound},
		{"create an existing id", func() error { return s.Create(ctx, "c1", newAssignment(t, "a", all)) }, server.ErrAssignmentExists},
		{"the same id in another configuration", func() error { return s.Create(ctx, "c2", newAssignment(t, "a", all)) }, nil},
		{"get unknown", func() error { _, err := s.Get(ctx, "c1", "zz"); return err }, server.ErrAssignmentNotFound},
		{"get in an unknown configuration", func() error { _, err := s.Get(ctx, "zz", "a"); return err }, server.ErrConfigurationNotFound},
		{"list an unknown configuration", func() error { _, _, err := s.List(ctx, "zz", 0, 10); return err }, server.ErrConfigurationNotFound},
		{"delete unknown", func() error { return s.Delete(ctx, "c1", "zz") }, server.ErrAssignmentNotFound},
		{"replace with duplicate ids", func() error {
			return s.Replace(ctx, "c1", []server.Assignment{newAssignment(t, "x", all), newAssignment(t, "x", all)})
		}, server.ErrAssignmentExists},
		{"replace an unknown configuration", func() error { return s.Replace(ctx, "zz", nil) }, server.ErrConfigurationNotFound},
		{"update unknown", func() error {
			_, err := s.Update(ctx, "c1", "zz", func(a server.Assignment) (server.Assignment, error) { return a, nil })
			return err
		}, server.ErrAssignmentNotFound},
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
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, ids(page)); diff != "" {
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
	if total != 3 || !cmp.Equal([]string{"c"}, ids(page)) {
		t.Errorf("List(skip 1, top 1) = %v of %d, want [c] of 3", ids(page), total)
	}
	page, _, _ = s.List(ctx, "c1", 10, 5)
	if len(page) != 0 {
		t.Errorf("List past the end = %v", ids(page))
	}
}

// TestMemStoreUpdate is atomic: an error from the change stores nothing,
// and the change cannot alter the id.
func TestMemStoreUpdate(t *testing.T) {
	ctx := context.Background()
	s := server.NewMemStore([]string{"c"})
	if err := s.Create(ctx, "c", newAssignment(t, "a", "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("refused")
	if _, err := s.Update(ctx, "c", "a", func(a server.Assignment) (server.Assignment, error) {
		src := gen.SourcePolicySets
		a.Source = &src
		return a, refuse
	}); !errors.Is(err, refuse) {
		t.Fatalf("err = %v, want the change's error", err)
	}
	if got, _ := s.Get(ctx, "c", "a"); got.Source != nil {
		t.Error("a failed change was stored")
	}
	if _, err := s.Update(ctx, "c", "a", func(a server.Assignment) (server.Assignment, error) {
		other := "b"
		a.Id = &other
		return a, nil
	}); err == nil {
		t.Error("a change of the id was accepted")
	}
}

// TestMemStoreCopies shares no memory with callers: changing what went in
// or came out does not change what is stored.
func TestMemStoreCopies(t *testing.T) {
	ctx := context.Background()
	s := server.NewMemStore([]string{"c"})
	in := newAssignment(t, "a", "#microsoft.graph.allDevicesAssignmentTarget")
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
}

// asJSON is a's JSON, which covers every property, the target included.
func asJSON(t testing.TB, a server.Assignment) string {
	t.Helper()
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// storeWith is a store whose configuration "c" holds the given ids, created
// in that order.
func storeWith(t testing.TB, ids ...string) *server.MemStore {
	t.Helper()
	s := server.NewMemStore([]string{"c"})
	for _, id := range ids {
		if err := s.Create(context.Background(), "c", newAssignment(t, id, "#microsoft.graph.allDevicesAssignmentTarget")); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// listAll is every id of configuration "c", in order, with the total List
// reports.
func listAll(t testing.TB, s server.Store) []string {
	t.Helper()
	page, total, err := s.List(context.Background(), "c", 0, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(page) {
		t.Fatalf("List returned %d of a total of %d", len(page), total)
	}
	return ids(page)
}

// TestMemStoreRefusesWhatTheSpecDoesNot: an assignment without an id, or
// with a source the spec does not define, is a programming error (the API
// validates both before the store sees them). The store answers an error
// that is none of Store's own, and keeps what it had.
func TestMemStoreRefusesWhatTheSpecDoesNot(t *testing.T) {
	ctx := context.Background()
	all := "#microsoft.graph.allDevicesAssignmentTarget"
	noID := newAssignment(t, "", all)
	noID.Id = nil
	emptyID := newAssignment(t, "", all)
	badSource := newAssignment(t, "z", all)
	elsewhere := gen.DeviceAndAppManagementAssignmentSource("elsewhere")
	badSource.Source = &elsewhere
	withBadSource := func(a server.Assignment) (server.Assignment, error) {
		a.Source = &elsewhere
		return a, nil
	}
	tests := []struct {
		name string
		run  func(s server.Store) error
	}{
		{"create without an id", func(s server.Store) error { return s.Create(ctx, "c", noID) }},
		{"create with an empty id", func(s server.Store) error { return s.Create(ctx, "c", emptyID) }},
		{"create with an unknown source", func(s server.Store) error { return s.Create(ctx, "c", badSource) }},
		{"replace with one without an id", func(s server.Store) error {
			return s.Replace(ctx, "c", []server.Assignment{newAssignment(t, "x", all), noID})
		}},
		{"replace with an unknown source", func(s server.Store) error {
			return s.Replace(ctx, "c", []server.Assignment{newAssignment(t, "x", all), badSource})
		}},
		{"update to an unknown source", func(s server.Store) error {
			_, err := s.Update(ctx, "c", "a", withBadSource)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storeWith(t, "a")
			before, _ := s.Get(ctx, "c", "a")
			err := tt.run(s)
			if err == nil || errors.Is(err, server.ErrAssignmentExists) || errors.Is(err, server.ErrAssignmentNotFound) {
				t.Errorf("err = %v, want a programming error", err)
			}
			if got := listAll(t, s); !slices.Equal(got, []string{"a"}) {
				t.Errorf("ids afterwards = %v, want [a]", got)
			}
			if after, _ := s.Get(ctx, "c", "a"); asJSON(t, after) != asJSON(t, before) {
				t.Errorf("a was %s, is now %s", asJSON(t, before), asJSON(t, after))
			}
		})
	}
}

// TestMemStoreGivesMemoryBack: the memory a configuration takes follows
// what it holds, also after deletes, with no compaction to wait for.
// (A Go map, for one, keeps the buckets of its largest size.)
func TestMemStoreGivesMemoryBack(t *testing.T) {
	const n = 20_000
	before := liveHeap()
	s, ids := filledStore(t, n)
	full := liveHeap() - before
	// Keep every 100th, so that what is left is spread over the whole
	// creation order.
	for i, id := range ids {
		if i%100 != 0 {
			must(t, s.Delete(context.Background(), benchConfig, id))
		}
	}
	left := liveHeap() - before
	runtime.KeepAlive(s)
	t.Logf("%d assignments: %d bytes; %d of them: %d bytes", n, full, n/100, left)
	if left > full/20 {
		t.Errorf("after deleting 99%% of %d assignments the store keeps %d of its %d bytes", n, left, full)
	}
}
