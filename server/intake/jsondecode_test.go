package intake

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestDecodeJSONKnownStrings decodes bodies with the spec's known strings
// and without any: the values are the same, escapes undone, and a known
// string comes out as the shared one.
func TestDecodeJSONKnownStrings(t *testing.T) {
	ops, err := NewOperations(specdoc.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	known := ops["createAssignment"].known
	for _, name := range []string{"@odata.type", "target", "groupId", "source", "enrollmentConfigurationAssignments", "#microsoft.graph.groupAssignmentTarget", "microsoft.graph.allDevicesAssignmentTarget", "policySets", "exclude"} {
		if _, ok := known[name]; !ok {
			t.Errorf("%q is not known", name)
		}
	}
	for _, body := range []string{
		`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`,
		`{"\u0040odata.type":"#microsoft.graph.groupAssignmentTarget","target":{"@odata.type":"#microsoft.graph.group\u0041ssignmentTarget","groupId":"g\"\\\u00e9"}}`,
		`{"source":"policySets","sourceId":null,"n":[1,-2.5e3,true,false,null,"x",{}],"unknown member":"unknown value"}`,
		` "just a string" `,
	} {
		got, ae := decodeJSON([]byte(body), known)
		if ae != nil {
			t.Fatalf("%s: %v", body, ae)
		}
		plain, ae := decodeJSON([]byte(body), nil)
		if ae != nil {
			t.Fatalf("%s: %v", body, ae)
		}
		var want any
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		// encoding/json decodes numbers as float64, decodeJSON keeps them
		// as written: compare through a JSON round trip.
		for _, v := range []any{got, plain} {
			raw, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var again any
			if err := json.Unmarshal(raw, &again); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("%s (-encoding/json +decodeJSON):\n%s", body, diff)
			}
		}
	}
}
