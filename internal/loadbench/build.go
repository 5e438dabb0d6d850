package loadbench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ModuleRoot is the directory of the go.mod of the module the working
// directory is in, found as the go command finds it.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("find the module: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("find the module: run inside the module, or name the emulator binary")
	}
	return filepath.Dir(gomod), nil
}

// BuildEmulator builds ./cmd/intune-emulator of the module at root into
// dir and returns the binary's path.
func BuildEmulator(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "intune-emulator")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/intune-emulator")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the emulator: %w\n%s", err, out.Bytes())
	}
	return bin, nil
}
