package mdlinks_test

import (
	"path/filepath"
	"testing"

	"github.com/specfirst/intune-assignments/internal/mdlinks"
)

// TestRepositoryLinks holds the front page and the pages of docs/ to the
// tree: every relative link names a file of the repository and every
// fragment a heading of its page.
func TestRepositoryLinks(t *testing.T) {
	const root = "../.."
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"README.md"}
	for _, p := range pages {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(rel))
	}
	broken, err := mdlinks.Check(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Errorf("broken link: %s", b)
	}
}
