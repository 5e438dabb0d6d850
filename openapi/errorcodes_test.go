package openapi_test

import (
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestErrorExamplesUseGraphCodes checks every error response example's code
// against internal/graphcode, the one table of codes and statuses. Clients in
// other languages read the expected code of a status from these examples (the
// TypeScript contract test does), so they must not drift from the table.
func TestErrorExamplesUseGraphCodes(t *testing.T) {
	doc := loadSpec(t)
	checked := 0
	for _, op := range specdoc.Operations(doc) {
		for _, status := range op.Statuses() {
			code, err := strconv.Atoi(status)
			if err != nil || code < 400 {
				continue
			}
			for _, ex := range op.ResponseExamples(status) {
				t.Run(op.OperationID+"/"+status+"/"+ex.Name, func(t *testing.T) {
					body, _ := ex.Value.(map[string]any)
					inner, _ := body["error"].(map[string]any)
					got, _ := inner["code"].(string)
					if want := graphcode.Code(code); got != want {
						t.Errorf("error.code = %q, want %q (graphcode.Code(%d))", got, want, code)
					}
				})
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no error response examples found")
	}
}
