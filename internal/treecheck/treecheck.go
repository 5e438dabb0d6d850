// Package treecheck finds what should not be tracked in git: built
// binaries (ELF, Mach-O, PE), files with the executable bit that are not
// scripts, and files over a size limit. A clone carries every version of
// every tracked file for ever, so a binary or a large file committed once
// costs every clone after it, and a binary built on one machine says
// nothing a reviewer can read.
package treecheck

import (
	"bytes"
	"context"
	"debug/elf"
	"debug/macho"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Policy is what the tree may hold.
type Policy struct {
	// MaxBytes is the largest size of a tracked file.
	MaxBytes int64
	// Large lists the paths (slash-separated, relative to the repository
	// root) that may exceed MaxBytes: generated files whose diffs are
	// reviewed through their source. They are still checked for binaries.
	Large []string
}

// Finding is one tracked file that breaks the policy, or an entry of
// Policy.Large that names no tracked file.
type Finding struct {
	Path    string
	Problem string
}

func (f Finding) String() string { return f.Path + ": " + f.Problem }

// Check reads the files tracked in the git repository at dir (the index,
// as `git ls-files` lists it) and returns what breaks p, sorted by path.
// Sizes and contents are read from the work tree; a tracked file that the
// work tree no longer has is about to leave git and is not checked.
func Check(ctx context.Context, dir string, p Policy) ([]Finding, error) {
	files, err := trackedFiles(ctx, dir)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	tracked := map[string]bool{}
	for _, f := range files {
		tracked[f.path] = true
		problems, err := inspect(filepath.Join(dir, filepath.FromSlash(f.path)), f.executable, p.MaxBytes, slices.Contains(p.Large, f.path))
		if err != nil {
			return nil, err
		}
		for _, problem := range problems {
			findings = append(findings, Finding{f.path, problem})
		}
	}
	for _, path := range p.Large {
		if !tracked[path] {
			findings = append(findings, Finding{path, "is allowed to be large, but git tracks no such file: take it off the list"})
		}
	}
	slices.SortStableFunc(findings, func(a, b Finding) int { return strings.Compare(a.Path, b.Path) })
	return findings, nil
}

type trackedFile struct {
	path       string
	executable bool
}

// trackedFiles lists the regular files in git's index with their mode
// bits. Symbolic links (120000) and submodules (160000) are not files of
// this repository and are left out.
func trackedFiles(ctx context.Context, dir string) ([]trackedFile, error) {
	cmd := exec.CommandContext(ctx, "git", "ls-files", "--stage", "-z")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var files []trackedFile
	for entry := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if entry == "" {
			continue
		}
		// "<mode> <object> <stage>\t<path>"
		meta, path, ok := strings.Cut(entry, "\t")
		mode, _, _ := strings.Cut(meta, " ")
		if !ok {
			return nil, fmt.Errorf("git ls-files: unexpected entry %q", entry)
		}
		switch mode {
		case "100644":
			files = append(files, trackedFile{path, false})
		case "100755":
			files = append(files, trackedFile{path, true})
		}
	}
	// A file in conflict has one entry per stage.
	return slices.CompactFunc(files, func(a, b trackedFile) bool { return a.path == b.path }), nil
}

// inspect returns the problems of the file at name.
func inspect(name string, executable bool, maxBytes int64, large bool) ([]string, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var problems []string
	kind, err := binaryKind(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	switch {
	case kind != "":
		problems = append(problems, "is "+kind+": a built binary belongs in no commit; build it, or ignore it in .gitignore")
	case executable && !isScript(f):
		problems = append(problems, "has the executable bit but is no script (no #! line): git update-index --chmod=-x, or add the #! line")
	}
	if info.Size() > maxBytes && !large {
		problems = append(problems, fmt.Sprintf("is %s, over the limit of %s", size(info.Size()), size(maxBytes)))
	}
	return problems, nil
}

// binaryKind names the executable format that r starts with, or returns
// "" for none. The magic numbers are those of the standard library's
// readers of these formats.
func binaryKind(r io.ReaderAt) (string, error) {
	head := make([]byte, 64)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return "", err
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte(elf.ELFMAG)) {
		return "an ELF binary", nil
	}
	if len(head) >= 4 {
		for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
			switch order.Uint32(head) {
			case macho.Magic32, macho.Magic64:
				return "a Mach-O binary", nil
			case macho.MagicFat:
				// Java class files share this magic: built too.
				return "a Mach-O universal binary or a Java class file", nil
			}
		}
	}
	// A PE file starts with the DOS header "MZ", whose 32-bit field at
	// 0x3c is the offset of the signature "PE\0\0". Text may start with
	// "MZ"; it does not carry the signature where the header says.
	if len(head) == 64 && bytes.HasPrefix(head, []byte("MZ")) {
		off := int64(binary.LittleEndian.Uint32(head[0x3c:]))
		sig := make([]byte, 4)
		if _, err := r.ReadAt(sig, off); err == nil && bytes.Equal(sig, []byte("PE\x00\x00")) {
			return "a PE (Windows) binary", nil
		}
	}
	return "", nil
}

// isScript reports whether r starts with "#!", as an interpreted script
// does.
func isScript(r io.ReaderAt) bool {
	head := make([]byte, 2)
	_, err := r.ReadAt(head, 0)
	return err == nil && string(head) == "#!"
}

// size writes n bytes in the largest binary unit it reaches.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
