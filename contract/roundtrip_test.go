package contract_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/contract"
)

// TestExamplesRoundTrip decodes every example of every request and response
// body into the generated Go type of its schema and encodes it again: no
// property, discriminator value or '#' may be lost or added.
func TestExamplesRoundTrip(t *testing.T) {
	suite := loadSuite(t)
	for _, use := range suite.ExampleUses() {
		t.Run(use.String(), func(t *testing.T) {
			if use.Status != "" && use.Op.ResponseMediaType(use.Status) == "text/plain" {
				// A plain-text body is a $count, which the client reads as
				// an int64: the example's text must be one, written back
				// the same.
				text := fmt.Sprint(use.Example.Value)
				n, err := strconv.ParseInt(text, 10, 64)
				if err != nil || strconv.FormatInt(n, 10) != text {
					t.Fatalf("plain-text example %q is not an int64 in its canonical form", text)
				}
				suite.Cover(use, contract.DirectionRoundTrip)
				return
			}
			goType, ok := contract.GoTypes[use.Schema]
			if !ok {
				t.Fatalf("schema %q has no Go type in contract.GoTypes", use.Schema)
			}
			raw, err := json.Marshal(use.Example.Value)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			v := reflect.New(goType)
			if err := dec.Decode(v.Interface()); err != nil {
				t.Fatalf("decode into %v: %v", goType, err)
			}
			again, err := json.Marshal(v.Interface())
			if err != nil {
				t.Fatalf("encode %v: %v", goType, err)
			}
			var got any
			if err := json.Unmarshal(again, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(use.Example.Value, got); diff != "" {
				t.Errorf("round trip through %v changed the example (-example +re-encoded):\n%s", goType, diff)
			}
			suite.Cover(use, contract.DirectionRoundTrip)
		})
	}
}
