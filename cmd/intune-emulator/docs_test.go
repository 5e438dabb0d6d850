package main

import (
	"flag"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docsPage is the page that documents the emulator's flags.
const docsPage = "../../docs/emulator.md"

// TestDocsListEveryServeFlag holds the table of serve's flags in
// docs/emulator.md to the flag set: every flag is in the table, the table
// names no other, and each default the flag set has is the one the table
// states.
func TestDocsListEveryServeFlag(t *testing.T) {
	page, err := os.ReadFile(docsPage)
	if err != nil {
		t.Fatal(err)
	}
	// The section runs from its heading to the next heading.
	heading := regexp.MustCompile("(?m)^#+ `intune-emulator serve`\n")
	loc := heading.FindStringIndex(string(page))
	if loc == nil {
		t.Fatalf("%s has no section on intune-emulator serve", docsPage)
	}
	section := string(page[loc[1]:])
	if next := regexp.MustCompile("(?m)^#").FindStringIndex(section); next != nil {
		section = section[:next[0]]
	}

	// Each row: | `-a`, `-b` | `x`, `y` | what it sets |
	row := regexp.MustCompile("(?m)^\\| (`-[^|]+) \\| ([^|]+) \\|")
	code := regexp.MustCompile("`([^`]*)`")
	defaults := map[string]string{} // flag → the default cell
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		for _, f := range code.FindAllStringSubmatch(m[1], -1) {
			defaults[strings.TrimPrefix(f[1], "-")] = m[2]
		}
	}

	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	(&serveOptions{}).define(fs)
	var defined []string
	fs.VisitAll(func(f *flag.Flag) {
		defined = append(defined, f.Name)
		cell, listed := defaults[f.Name]
		switch {
		case !listed:
			t.Errorf("-%s is not in the table of %s", f.Name, docsPage)
		case f.DefValue != "" && !strings.Contains(cell, "`"+f.DefValue+"`"):
			t.Errorf("-%s defaults to %q, but the table of %s says %q", f.Name, f.DefValue, docsPage, strings.TrimSpace(cell))
		}
	})
	for name := range defaults {
		if !slices.Contains(defined, name) {
			t.Errorf("the table of %s lists -%s, which serve does not define", docsPage, name)
		}
	}
}
