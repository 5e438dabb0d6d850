package mdlinks_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/mdlinks"
)

// The ids are those GitHub renders for these headings.
func TestSlug(t *testing.T) {
	tests := []struct{ heading, id string }{
		{"Quick start", "quick-start"},
		{"Durable state (-data)", "durable-state--data"},
		{"intune-emulator serve", "intune-emulator-serve"},
		{"Contract-test your own server (intune-contract)", "contract-test-your-own-server-intune-contract"},
		{"The test kit (internal/spectest)", "the-test-kit-internalspectest"},
		{"Microsoft's Graph SDK for Go", "microsofts-graph-sdk-for-go"},
		{"What is `$count`?", "what-is-count"},
		{"snake_case and CamelCase", "snake_case-and-camelcase"},
		{"Über façade", "über-façade"},
		{"  padded  ", "padded"},
	}
	for _, tt := range tests {
		if got := mdlinks.Slug(tt.heading); got != tt.id {
			t.Errorf("Slug(%q) = %q, want %q", tt.heading, got, tt.id)
		}
	}
}

func TestAnchors(t *testing.T) {
	src := "# Title\n\n## `intune-emulator serve`\n\n## Durable state (`-data`)\n\n" +
		"## Notes\n\n### Notes\n\nSetext\n------\n\n## [A link](x.md) and *emphasis*\n\n" +
		"```md\n# not a heading\n```\n\n## Notes\n"
	want := []string{
		"title", "intune-emulator-serve", "durable-state--data", "notes", "notes-1",
		"setext", "a-link-and-emphasis", "notes-2",
	}
	if got := mdlinks.Anchors([]byte(src)); !slices.Equal(got, want) {
		t.Errorf("Anchors:\n got %q\nwant %q", got, want)
	}
}

// TestCheck plants a small repository with links of every kind, broken
// ones among them, and requires exactly the broken ones, with their lines.
func TestCheck(t *testing.T) {
	root := t.TempDir()
	plant := func(name, content string) {
		t.Helper()
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plant("README.md", strings.Join([]string{
		"# Project",                        // 1
		"",                                 // 2
		"[emulator](docs/emulator.md) and", // 3
		"[flags](docs/emulator.md#intune-emulator-serve).",                                   // 4
		"[the spec](openapi/openapi.yaml#L10), [a dir](openapi/), [root](/docs/emulator.md)", // 5
		"[web](https://example.com/x#y) <https://example.com> [mail](mailto:a@example.com)",  // 6
		"[here](#project) [missing here](#nowhere)",                                          // 7
		"[gone](docs/gone.md)",                               // 8
		"[bad anchor](docs/emulator.md#intune-emulator-run)", // 9
		"",                                   // 10
		"| a | [in a table](docs/nope.md) |", // 11
		"|---|---|",                          // 12
		"| b | c |",                          // 13
		"",                                   // 14
		"`[code](not/a/link.md)`",            // 15
		"",                                   // 16
		"```",                                // 17
		"[fenced](not/a/link.md)",            // 18
		"```",                                // 19
		"",                                   // 20
		"![image](docs/missing.png)",         // 21
		"[ref][r]",                           // 22
		"",                                   // 23
		"[r]: docs/emulator.md#durable-state--data", // 24
	}, "\n"))
	plant("docs/emulator.md", "# Emulator\n\n## `intune-emulator serve`\n\n## Durable state (`-data`)\n\n"+
		"[back](../README.md#project) [out](../../outside.md) [up](../README.md#Project)\n")
	plant("openapi/openapi.yaml", "openapi: 3.0.3\n")

	broken, err := mdlinks.Check(root, []string{"README.md", "docs/emulator.md"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range broken {
		got = append(got, b.String())
	}
	want := []string{
		`README.md:7: #nowhere: README.md has no heading with the id "nowhere"`,
		`README.md:8: docs/gone.md: no such file or directory: docs/gone.md`,
		`README.md:9: docs/emulator.md#intune-emulator-run: docs/emulator.md has no heading with the id "intune-emulator-run"`,
		`README.md:11: docs/nope.md: no such file or directory: docs/nope.md`,
		`README.md:21: docs/missing.png: no such file or directory: docs/missing.png`,
		`docs/emulator.md:7: ../../outside.md: leads out of the repository`,
		`docs/emulator.md:7: ../README.md#Project: README.md has no heading with the id "Project"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("broken links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckMissingFile(t *testing.T) {
	if _, err := mdlinks.Check(t.TempDir(), []string{"README.md"}); err == nil {
		t.Error("Check of a file that does not exist succeeded")
	}
}
