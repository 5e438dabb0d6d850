package client

import (
	"context"
	"testing"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// BenchmarkCheckBody is the check of a create body against the spec, the
// cost the client adds to every call with a body.
func BenchmarkCheckBody(b *testing.B) {
	v, err := loadValidator()
	if err != nil {
		b.Fatal(err)
	}
	create, err := operationOf[*gen.CreateAssignmentResponse](v)
	if err != nil {
		b.Fatal(err)
	}
	a := Assignment{Target: GroupTarget("g1", IncludeFilter("f1"))}
	b.ReportAllocs()
	for b.Loop() {
		if err := create.checkBody(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSpec loads and validates the spec compiled in, as the
// validator's first call does once per process (specdoc.Embedded).
func BenchmarkLoadSpec(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := specdoc.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
