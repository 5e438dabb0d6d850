package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun: the command names each offending file on stdout and exits 1;
// with the large file on the list and the binary gone, it exits 0.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	write := func(name string, content []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
		git("add", name)
	}
	write("docs.gen.html", make([]byte, 2<<20))
	write("tool", append([]byte("\x7fELF"), make([]byte, 60)...))

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), dir, nil, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	for _, name := range []string{"docs.gen.html: is 2.0 MiB", "tool: is an ELF binary"} {
		if !strings.Contains(stdout.String(), name) {
			t.Errorf("stdout does not say %q:\n%s", name, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "intune-treecheck: the tree holds files that git should not track") {
		t.Errorf("stderr: %q", stderr.String())
	}

	git("rm", "-q", "--cached", "tool")
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), dir, []string{"-large", "docs.gen.html"}, &stdout, &stderr); code != 0 {
		t.Errorf("exit code %d, want 0; stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	if code := run(context.Background(), dir, []string{"-max-bytes", "ten"}, &stdout, &stderr); code != 2 {
		t.Errorf("exit code %d for a bad flag, want 2", code)
	}
}
