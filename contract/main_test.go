package contract_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
)

var suite *contract.Suite

func loadSuite(t *testing.T) *contract.Suite {
	t.Helper()
	if suite == nil {
		t.Fatal("spec not loaded")
	}
	return suite
}

// TestMain loads the spec once, runs the contract tests and then the
// coverage gate. The gate runs only for a whole run: a -run filter leaves
// examples out on purpose.
func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	suite, err = contract.Load(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
		os.Exit(code)
	}
	report, problems := suite.Coverage()
	fmt.Print("contract coverage, per operation (example: directions it ran in)\n" + report)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "coverage gate: "+p)
	}
	if len(problems) > 0 && code == 0 {
		code = 1
	}
	os.Exit(code)
}
