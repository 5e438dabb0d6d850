package server_test

import (
	"context"
	"encoding/json"
	"errors"
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
