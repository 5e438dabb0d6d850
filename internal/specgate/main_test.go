package specgate_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

// binDir holds the oasdiff that the tests build, once, when one needs it.
var binDir string

var oasdiffBin = sync.OnceValues(func() (string, error) {
	return specgate.BuildOasdiff(context.Background(), binDir)
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "specgate-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// newOasdiff returns the pinned oasdiff with the repository's severity
// levels.
func newOasdiff(t *testing.T) specgate.Oasdiff {
	t.Helper()
	bin, err := oasdiffBin()
	if err != nil {
		t.Fatal(err)
	}
	return specgate.Oasdiff{Bin: bin, Levels: "../../openapi/oasdiff-levels.txt"}
}
