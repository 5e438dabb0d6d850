package store

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/specfirst/intune-assignments/gen"
)

// TestRecordOdataType keeps either spelling of the spec's @odata.type as a
// code rather than the request's copy of the string, which would stay
// alive as long as the assignment, and reads it back in the canonical
// spelling; any other value is kept as it is.
func TestRecordOdataType(t *testing.T) {
	for _, tt := range []struct {
		value, want gen.EnrollmentConfigurationAssignmentOdataType
		code        odataTypeCode
	}{
		{gen.EnrollmentConfigurationAssignmentOdataTypeHashed, gen.EnrollmentConfigurationAssignmentOdataTypeHashed, odataTypeHashed},
		{gen.EnrollmentConfigurationAssignmentOdataTypeBare, gen.EnrollmentConfigurationAssignmentOdataTypeHashed, odataTypeHashed},
		{"#microsoft.graph.somethingElse", "#microsoft.graph.somethingElse", odataTypeOther},
	} {
		id := "a"
		fromRequest := gen.EnrollmentConfigurationAssignmentOdataType(strings.Clone(string(tt.value)))
		r, err := newRecord(Assignment{Id: &id, OdataType: &fromRequest})
		if err != nil {
			t.Fatal(err)
		}
		if r.odataType != tt.code {
			t.Errorf("%q: code %d, want %d", tt.value, r.odataType, tt.code)
		}
		if got := r.assignment().OdataType; got == nil || *got != tt.want {
			t.Errorf("%q: read back as %v, want %q", tt.value, got, tt.want)
		}
		if (r.rare != nil) != (tt.code == odataTypeOther) {
			t.Errorf("%q: rare properties %v", tt.value, r.rare)
		}
	}
}

// TestRecordSize keeps a record within the 48-byte allocation size class
// on 64-bit platforms: a field more would put it in the 64-byte one, for
// every assignment stored.
func TestRecordSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if size := unsafe.Sizeof(record{}); size > 48 {
		t.Errorf("a record takes %d bytes, more than 48", size)
	}
}

// TestRecordInternsTargets shares the JSON of a target that is only a type
// name among records, however it was written, and keeps every other target
// as its own copy, in canonical form.
func TestRecordInternsTargets(t *testing.T) {
	tests := []struct {
		raw    string
		shared bool
	}{
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, true},
		{`{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}`, true},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`, false},
		{`{ "@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, true},
		{`{"groupId":"g", "@odata.type":"microsoft.graph.groupAssignmentTarget"}`, false},
	}
	for _, tt := range tests {
		var records [2]record
		for i := range records {
			id := "a"
			a := Assignment{Id: &id}
			if err := a.Target.UnmarshalJSON([]byte(tt.raw)); err != nil {
				t.Fatal(err)
			}
			r, err := newRecord(a)
			if err != nil {
				t.Fatal(err)
			}
			records[i] = r
		}
		if want := string(canonicalTarget([]byte(tt.raw))); records[0].target != want {
			t.Errorf("stored %s, want %s", records[0].target, want)
		}
		shared := unsafe.StringData(records[0].target) == unsafe.StringData(records[1].target)
		if shared != tt.shared {
			t.Errorf("%s: shared between records: %v, want %v", tt.raw, shared, tt.shared)
		}
	}
}
