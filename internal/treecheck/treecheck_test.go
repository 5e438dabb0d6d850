package treecheck_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/treecheck"
)

const limit = 1 << 20

// A planted file: its content, and whether git records the executable bit.
type plant struct {
	content    []byte
	executable bool
}

func text(s string) plant { return plant{content: []byte(s)} }

// peFile is the smallest shape of a PE file's start: the DOS header "MZ"
// pointing at 0x40, where the signature stands.
func peFile() []byte {
	b := make([]byte, 0x48)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3c:], 0x40)
	copy(b[0x40:], "PE\x00\x00")
	return b
}

func TestCheck(t *testing.T) {
	self, err := os.Executable() // this test's own binary: a real one, of this platform
	if err != nil {
		t.Fatal(err)
	}
	built, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("generated line\n"), 2*limit/15) // about 2 MiB of text

	tests := []struct {
		name  string
		files map[string]plant
		large []string
		want  []string // "path: words of the problem", in the order of the findings
	}{
		{
			name: "a clean tree",
			files: map[string]plant{
				"README.md":    text("# hello\n"),
				".ci/run":      {[]byte("#!/usr/bin/env bash\necho ok\n"), true},
				"notes/MZ.txt": text("MZ is how this note starts, and nothing follows the DOS header's offset\n" + strings.Repeat(".", 64)),
				"small.bin":    {content: bytes.Repeat([]byte{0}, 1000)},
			},
		},
		{
			name: "a 2 MiB file and the test's own binary",
			files: map[string]plant{
				"README.md":       text("# hello\n"),
				"docs/big.txt":    {content: big},
				"intune-emulator": {built, true},
			},
			want: []string{
				"docs/big.txt: is 2.0 MiB, over the limit of 1.0 MiB",
				"intune-emulator: a built binary belongs in no commit",
				"intune-emulator: over the limit of 1.0 MiB",
			},
		},
		{
			name: "each binary format, however small",
			files: map[string]plant{
				"bin/linux":   {content: append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 57)...)},
				"bin/mac":     {content: binary.LittleEndian.AppendUint32(nil, 0xfeedfacf)},
				"bin/mac32be": {content: binary.BigEndian.AppendUint32(nil, 0xfeedface)},
				"bin/fat":     {content: binary.BigEndian.AppendUint32(nil, 0xcafebabe)},
				"bin/win.exe": {content: peFile()},
			},
			want: []string{
				"bin/fat: is a Mach-O universal binary or a Java class file",
				"bin/linux: is an ELF binary",
				"bin/mac: is a Mach-O binary",
				"bin/mac32be: is a Mach-O binary",
				"bin/win.exe: is a PE (Windows) binary",
			},
		},
		{
			name: "the executable bit on a file that is no script",
			files: map[string]plant{
				"data.json": {[]byte(`{"a":1}`), true},
			},
			want: []string{"data.json: has the executable bit but is no script"},
		},
		{
			name: "a large generated file on the list",
			files: map[string]plant{
				"gen/docs.gen.html": {content: big},
			},
			large: []string{"gen/docs.gen.html"},
		},
		{
			name: "a binary on the list of large files is still a binary",
			files: map[string]plant{
				"gen/tool": {content: built},
			},
			large: []string{"gen/tool"},
			want:  []string{"gen/tool: a built binary belongs in no commit"},
		},
		{
			name: "a list entry that names no tracked file",
			files: map[string]plant{
				"README.md": text("# hello\n"),
			},
			large: []string{"gen/docs.gen.html"},
			want:  []string{"gen/docs.gen.html: is allowed to be large, but git tracks no such file"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, tt.files)
			findings, err := treecheck.Check(context.Background(), dir, treecheck.Policy{MaxBytes: limit, Large: tt.large})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range findings {
				got = append(got, f.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("findings:\n%s\nwant %d:\n%s", strings.Join(got, "\n"), len(tt.want), strings.Join(tt.want, "\n"))
			}
			for i, w := range tt.want {
				path, words, _ := strings.Cut(w, ": ")
				if !strings.HasPrefix(got[i], path+": ") || !strings.Contains(got[i], words) {
					t.Errorf("finding %d is %q, want one on %s that says %q", i, got[i], path, words)
				}
			}
		})
	}
}

// TestCheckSkipsWhatTheWorkTreeDropped: a tracked file deleted from the
// work tree is on its way out of git; the check reads the work tree.
func TestCheckSkipsWhatTheWorkTreeDropped(t *testing.T) {
	dir := gitRepo(t, map[string]plant{"big.txt": {content: make([]byte, 2*limit)}})
	if err := os.Remove(filepath.Join(dir, "big.txt")); err != nil {
		t.Fatal(err)
	}
	findings, err := treecheck.Check(context.Background(), dir, treecheck.Policy{MaxBytes: limit})
	if err != nil || len(findings) > 0 {
		t.Errorf("Check = %v, %v; want nothing", findings, err)
	}
}

func TestCheckOutsideARepository(t *testing.T) {
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
	if _, err := treecheck.Check(context.Background(), t.TempDir(), treecheck.Policy{MaxBytes: limit}); err == nil {
		t.Error("Check outside a git repository succeeded")
	}
}

// gitRepo plants files in a new repository and adds them to its index,
// with the executable bit where the plant says.
func gitRepo(t *testing.T, files map[string]plant) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := files[name]
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, p.content, 0o644); err != nil {
			t.Fatal(err)
		}
		chmod := "--chmod=-x"
		if p.executable {
			chmod = "--chmod=+x"
		}
		git(t, dir, "add", chmod, "--", name)
	}
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
