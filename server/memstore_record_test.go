package server

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/specfirst/intune-assignments/gen"
)

// TestRecordInternsOdataType keeps either spelling of the spec's
// @odata.type as the shared constant, not as the request's copy, which
// would stay alive as long as the assignment.
func TestRecordInternsOdataType(t *testing.T) {
	for _, want := range []gen.EnrollmentConfigurationAssignmentOdataType{
		gen.EnrollmentConfigurationAssignmentOdataTypeHashed,
		gen.EnrollmentConfigurationAssignmentOdataTypeBare,
		"#microsoft.graph.somethingElse",
	} {
		id := "a"
		fromRequest := gen.EnrollmentConfigurationAssignmentOdataType(strings.Clone(string(want)))
		r, err := newRecord(Assignment{Id: &id, OdataType: &fromRequest})
		if err != nil {
			t.Fatal(err)
		}
		if r.odataType != want {
			t.Fatalf("stored %q, want %q", r.odataType, want)
		}
		shared := unsafe.StringData(string(r.odataType)) == unsafe.StringData(string(want))
		if spec := want.Valid(); shared != spec {
			t.Errorf("%q: shares the constant's bytes: %v, want %v", want, shared, spec)
		}
	}
}

// TestRecordSize keeps a record within the 80-byte allocation size class
// on 64-bit platforms: a field more would put it in the 96-byte one, for
// every assignment stored.
func TestRecordSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if size := unsafe.Sizeof(record{}); size > 80 {
		t.Errorf("a record takes %d bytes, more than 80", size)
	}
}
