package specgate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
)

// oasdiffPackage is the oasdiff command, pinned in go.mod through tools.go.
const oasdiffPackage = "github.com/oasdiff/oasdiff"

// Oasdiff runs one oasdiff binary with this repository's severity levels.
type Oasdiff struct {
	// Bin is the oasdiff executable.
	Bin string
	// Levels is oasdiff's --severity-levels file: this API's compatibility
	// policy where it differs from oasdiff's defaults.
	Levels string
	// Dir is where oasdiff runs; a REF:PATH source is read from the git
	// repository there.
	Dir string
}

// BuildOasdiff builds the pinned oasdiff into dir and returns its path.
// One build costs about a second once the module cache and the build
// cache are warm, and each run of the binary then costs milliseconds;
// `go run` would also print "exit status 1" whenever oasdiff reports
// breaking changes.
func BuildOasdiff(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "oasdiff")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, oasdiffPackage)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", oasdiffPackage, err, stderr.Bytes())
	}
	return bin, nil
}

// Level is the level oasdiff gives a change in its JSON output.
type Level int

// oasdiff's levels.
const (
	LevelInfo Level = 1
	LevelWarn Level = 2
	LevelErr  Level = 3
)

// Finding is one change in oasdiff's JSON changelog.
type Finding struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Level     Level  `json:"level"`
	Operation string `json:"operation"`
	Path      string `json:"path"`
	// Section is "paths", "components", "security" or "info"; the versioning
	// checks report in "info".
	Section string `json:"section"`
}

// IsVersioning reports whether f is one of oasdiff's findings about
// info.version rather than a change to the API.
func (f Finding) IsVersioning() bool { return f.Section == "info" }

// Acknowledgement is the line that acknowledges f in the form oasdiff's
// ignore files match: "METHOD /path text" for an operation, "section text"
// otherwise.
func (f Finding) Acknowledgement() string {
	if f.Path != "" {
		return f.Operation + " " + f.Path + " " + f.Text
	}
	return f.Section + " " + f.Text
}

// Changes lists every change from base to rev at every level, after
// removing the errors that the ignore file (oasdiff's --err-ignore, "" for
// none) matches.
func (o Oasdiff) Changes(ctx context.Context, base, rev, ignore string) ([]Finding, error) {
	args := []string{"changelog", "--format", "json"}
	if ignore != "" {
		args = append(args, "--err-ignore", ignore)
	}
	out, err := o.run(ctx, nil, append(args, base, rev)...)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	if err := json.Unmarshal(out, &findings); err != nil {
		return nil, fmt.Errorf("oasdiff changelog: %w", err)
	}
	return findings, nil
}

// Report writes oasdiff's readable report of the breaking changes from base
// to rev to w, leaving out the errors that the ignore file matches, and
// reports whether any error remains.
func (o Oasdiff) Report(ctx context.Context, w io.Writer, base, rev, ignore string) (failed bool, err error) {
	args := []string{"breaking", "--fail-on", "ERR", "--color", "never"}
	if ignore != "" {
		args = append(args, "--err-ignore", ignore)
	}
	_, err = o.run(ctx, w, append(args, base, rev)...)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		// --fail-on's exit code; oasdiff's own errors are 100 and up.
		return true, nil
	}
	return false, err
}

// Changelog renders the changes from base to rev as Markdown with the
// text/template in tmpl (oasdiff's --template).
func (o Oasdiff) Changelog(ctx context.Context, base, rev, tmpl string) ([]byte, error) {
	return o.run(ctx, nil, "changelog", "--format", "markdown", "--template", tmpl, base, rev)
}

// run runs oasdiff with args and the severity levels, writing its output
// to w, or returning it when w is nil.
func (o Oasdiff) run(ctx context.Context, w io.Writer, args ...string) ([]byte, error) {
	if o.Levels != "" {
		args = append([]string{args[0], "--severity-levels", o.Levels}, args[1:]...)
	}
	cmd := exec.CommandContext(ctx, o.Bin, args...)
	cmd.Dir = o.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if w != nil {
		cmd.Stdout = w
	}
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() != 1 {
		err = fmt.Errorf("oasdiff %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), err
}
