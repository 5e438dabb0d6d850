package openapi_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
	"github.com/specfirst/intune-assignments/openapi"
)

// TestVersionRule checks info.version against the spec that `make breaking`
// compares with (BASE, else the newest v* tag, else the previous commit): a
// breaking change needs a major bump, an additive change at least a minor
// one. `make breaking` fails breaking changes that are not acknowledged;
// this test also fails an additive change that kept its version.
func TestVersionRule(t *testing.T) {
	ctx := context.Background()
	// go test runs in the package's directory, openapi/.
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("git", "-C", root, "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		t.Skip("not in a git work tree: no history to compare with")
	}
	const spec = "openapi/openapi.yaml"
	repo := specgate.Repo{Dir: root}
	base := specgate.Base{Ref: os.Getenv("BASE"), Why: "BASE"}
	if base.Ref == "" {
		base, err = repo.DefaultBase(ctx, spec)
	}
	var baseData []byte
	if err == nil {
		baseData, err = repo.Show(ctx, base.Ref, spec)
	}
	if errors.Is(err, specgate.ErrNoBase) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	revData := openapi.YAML
	bin, err := specgate.BuildOasdiff(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	oasdiff := specgate.Oasdiff{Bin: bin, Levels: filepath.Join(root, "openapi", "oasdiff-levels.txt"), Dir: root}
	findings, err := oasdiff.CheckRule(ctx,
		specgate.Spec{Source: base.Ref + ":" + spec, Data: baseData},
		specgate.Spec{Source: spec, Data: revData})
	if err != nil {
		t.Errorf("compared with %s (%s): %v", base.Ref, base.Why, err)
		for _, f := range findings {
			if !f.IsVersioning() {
				t.Logf("%s", f.Acknowledgement())
			}
		}
	}
}
