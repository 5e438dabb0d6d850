package specgate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Spec is one side of a comparison.
type Spec struct {
	// Source is the spec as oasdiff reads it: a file, or REF:PATH in the
	// git repository oasdiff runs in. Messages name it.
	Source string
	// Data is its content.
	Data []byte
}

// Gate fails breaking changes that are not acknowledged.
type Gate struct {
	Oasdiff Oasdiff
	// Acks is the acknowledgement file.
	Acks string
	// Out receives oasdiff's report and the verdict.
	Out io.Writer
}

// Check compares rev with base. It writes oasdiff's report of breaking
// changes, then what fails and how to fix it, and reports whether the
// change passes: every error-level change is acknowledged under rev's
// info.version, that version differs from base's by the major bump a
// breaking change needs (oasdiff's versioning checks, raised to errors by
// the severity levels), and every acknowledgement in play matches a change.
//
// Acknowledgements are in play only while info.version differs from the
// base's: once a release carries them, later comparisons start from it,
// and its section stays in the file as the record of what broke.
func (g Gate) Check(ctx context.Context, base, rev Spec) (bool, error) {
	baseVer, err := InfoVersion(base)
	if err != nil {
		return false, err
	}
	revVer, err := InfoVersion(rev)
	if err != nil {
		return false, err
	}
	acks, err := ReadAcknowledgements(g.Acks)
	if err != nil {
		return false, err
	}
	var failures []string
	for _, v := range slices.SortedFunc(maps.Keys(acks), Version.Compare) {
		if v.Compare(revVer) > 0 {
			failures = append(failures, fmt.Sprintf("%s has a section for %s, but info.version is %s: set info.version to the version that ships the changes.", g.Acks, v, revVer))
		}
	}
	var inPlay []string
	if baseVer != revVer {
		inPlay = acks[revVer]
	}
	fmt.Fprintf(g.Out, "base:     %s (info.version %s)\nrevision: %s (info.version %s)\n", base.Source, baseVer, rev.Source, revVer)
	if baseVer == revVer {
		fmt.Fprintf(g.Out, "acknowledged breaking changes: none in play, as info.version is unchanged\n\n")
	} else {
		fmt.Fprintf(g.Out, "acknowledged breaking changes: %d, under ## %s in %s\n\n", len(inPlay), revVer, g.Acks)
	}

	if bytes.Equal(base.Data, rev.Data) {
		fmt.Fprintf(g.Out, "%s is unchanged.\n", rev.Source)
	} else {
		more, err := g.compare(ctx, base, rev, baseVer, revVer, inPlay)
		if err != nil {
			return false, err
		}
		failures = append(failures, more...)
	}
	for _, f := range failures {
		fmt.Fprintf(g.Out, "\nFAIL: %s\n", f)
	}
	return len(failures) == 0, nil
}

// compare runs oasdiff on two different specs and returns what fails.
func (g Gate) compare(ctx context.Context, base, rev Spec, baseVer, revVer Version, inPlay []string) ([]string, error) {
	dir, err := os.MkdirTemp("", "specgate")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ignore := ""
	if len(inPlay) > 0 {
		ignore = filepath.Join(dir, "acknowledged.txt")
		if err := writeLines(ignore, inPlay); err != nil {
			return nil, err
		}
	}
	var report bytes.Buffer
	failed, err := g.Oasdiff.Report(ctx, &report, base.Source, rev.Source, ignore)
	if err != nil {
		return nil, err
	}
	g.Out.Write(append(bytes.TrimRight(report.Bytes(), "\n"), '\n'))
	all, err := g.Oasdiff.Changes(ctx, base.Source, rev.Source, "")
	if err != nil {
		return nil, err
	}
	var failures []string
	if failed {
		left := all
		if ignore != "" {
			if left, err = g.Oasdiff.Changes(ctx, base.Source, rev.Source, ignore); err != nil {
				return nil, err
			}
		}
		failures = append(failures, g.unacknowledged(left, baseVer, revVer)...)
	}
	// Each acknowledgement alone must take at least one error away: one
	// oasdiff run per line, so that the match is oasdiff's own.
	for i, ack := range inPlay {
		one := filepath.Join(dir, fmt.Sprintf("ack%d.txt", i))
		if err := writeLines(one, []string{ack}); err != nil {
			return nil, err
		}
		without, err := g.Oasdiff.Changes(ctx, base.Source, rev.Source, one)
		if err != nil {
			return nil, err
		}
		if len(apiErrors(without)) == len(apiErrors(all)) {
			failures = append(failures, fmt.Sprintf("this acknowledgement in %s (section %s) matches no error-level change; fix it to the line oasdiff prints, or remove it:\n  - %s", g.Acks, revVer, ack))
		}
	}
	return failures, nil
}

// unacknowledged explains the errors left after the acknowledgements.
func (g Gate) unacknowledged(left []Finding, baseVer, revVer Version) []string {
	var failures []string
	if errs := apiErrors(left); len(errs) > 0 {
		want := Least(baseVer, Breaking)
		if revVer.Compare(want) > 0 {
			want = revVer
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s not acknowledged. If deliberate, set info.version to %s or higher and add to %s:\n\n## %s\n", count(len(errs), "breaking change"), want, g.Acks, want)
		for _, f := range errs {
			fmt.Fprintf(&b, "\n- %s", f.Acknowledgement())
		}
		failures = append(failures, b.String())
	}
	for _, f := range left {
		if f.IsVersioning() && f.Level >= LevelErr {
			failures = append(failures, fmt.Sprintf("%s: breaking changes need a major bump of info.version, to %s or higher (%s).", f.Text, Least(baseVer, Breaking), f.ID))
		}
	}
	return failures
}

// apiErrors are the error-level changes to the API, without oasdiff's
// findings about info.version.
func apiErrors(findings []Finding) []Finding {
	return slices.DeleteFunc(slices.Clone(findings), func(f Finding) bool {
		return f.IsVersioning() || f.Level < LevelErr
	})
}

// count writes n things: "1 change", "2 changes".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func writeLines(path string, lines []string) error {
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}
