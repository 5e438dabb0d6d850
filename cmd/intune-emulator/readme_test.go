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

// TestREADMEListsEveryServeFlag holds the README's table of serve's flags
// to the flag set: every flag is in the table, the table names no other,
// and each default the flag set has is the one the table states.
func TestREADMEListsEveryServeFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "### `intune-emulator serve`")
	if start < 0 {
		t.Fatal("the README has no section on intune-emulator serve")
	}
	section = section[start:]
	section = section[:strings.Index(section[1:], "\n### ")+1]

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
			t.Errorf("-%s is not in the README's table", f.Name)
		case f.DefValue != "" && !strings.Contains(cell, "`"+f.DefValue+"`"):
			t.Errorf("-%s defaults to %q, but the README's table says %q", f.Name, f.DefValue, strings.TrimSpace(cell))
		}
	})
	for name := range defaults {
		if !slices.Contains(defined, name) {
			t.Errorf("the README's table lists -%s, which serve does not define", name)
		}
	}
}
