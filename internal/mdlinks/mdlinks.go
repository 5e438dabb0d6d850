// Package mdlinks checks the relative links of Markdown files: that each
// names a file or directory of the repository and, where it has a
// fragment into a Markdown file, a heading of that file, with the ids
// GitHub gives headings. Links with a scheme (https:, mailto:) are not
// followed: they point outside the repository.
package mdlinks

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Broken is a link that leads nowhere.
type Broken struct {
	File   string // slash-separated, relative to the root
	Line   int
	Dest   string // the link's destination as written
	Reason string
}

func (b Broken) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", b.File, b.Line, b.Dest, b.Reason)
}

// markdown parses as GitHub does: CommonMark with tables, strikethrough,
// task lists and bare URLs.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Check reads the Markdown files (slash-separated paths relative to root)
// and returns their broken relative links, in file order.
func Check(root string, files []string) ([]Broken, error) {
	c := checker{root: root, anchors: map[string]map[string]bool{}}
	var broken []Broken
	for _, file := range files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return nil, err
		}
		for _, l := range links(src) {
			if reason := c.resolve(file, l.dest); reason != "" {
				broken = append(broken, Broken{File: file, Line: l.line, Dest: l.dest, Reason: reason})
			}
		}
	}
	return broken, nil
}

type link struct {
	dest string
	line int
}

// links returns the destinations of the links and images in src.
func links(src []byte) []link {
	var found []link
	doc := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		found = append(found, link{string(dest), lineOf(src, n)})
		return ast.WalkContinue, nil
	})
	return found
}

// lineOf is the line of n in src: its own position where the parser
// records one, else its block's first line.
func lineOf(src []byte, n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		pos := n.Pos()
		if pos < 0 && n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			pos = n.Lines().At(0).Start
		}
		if pos >= 0 {
			return 1 + bytes.Count(src[:min(pos, len(src))], []byte("\n"))
		}
	}
	return 0
}

type checker struct {
	root    string
	anchors map[string]map[string]bool // Markdown file → the ids of its headings
}

// resolve returns why dest, a destination in file, leads nowhere, or ""
// when it leads somewhere (or outside the repository, by a scheme).
func (c *checker) resolve(file, dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return "not a URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		return ""
	}
	target := file
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			target = path.Clean(strings.TrimPrefix(u.Path, "/"))
		} else {
			target = path.Join(path.Dir(file), u.Path)
		}
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return "leads out of the repository"
	}
	info, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(target)))
	if err != nil {
		return "no such file or directory: " + target
	}
	// GitHub gives ids to the headings of Markdown files only; a
	// fragment into another file (#L10 in a source file) is its viewer's.
	if u.Fragment == "" || info.IsDir() || !strings.HasSuffix(target, ".md") {
		return ""
	}
	ids, err := c.ids(target)
	if err != nil {
		return err.Error()
	}
	if !ids[u.Fragment] {
		return fmt.Sprintf("%s has no heading with the id %q", target, u.Fragment)
	}
	return ""
}

func (c *checker) ids(file string) (map[string]bool, error) {
	if ids, ok := c.anchors[file]; ok {
		return ids, nil
	}
	src, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, id := range Anchors(src) {
		ids[id] = true
	}
	c.anchors[file] = ids
	return ids, nil
}

// Anchors returns the ids GitHub gives the headings of src, in order: each
// heading's Slug, with -1, -2, ... after the second and later headings of
// the same slug.
func Anchors(src []byte) []string {
	var ids []string
	seen := map[string]bool{}
	doc := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		slug := Slug(plainText(h, src))
		id := slug
		for i := 1; seen[id]; i++ {
			id = slug + "-" + strconv.Itoa(i)
		}
		seen[id] = true
		ids = append(ids, id)
		return ast.WalkSkipChildren, nil
	})
	return ids
}

// plainText is the text of n as a reader sees it: the text of code spans,
// emphasis and links, without their markup or any raw HTML.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
		default:
			b.WriteString(plainText(c, src))
		}
	}
	return b.String()
}

// Slug is GitHub's id for a heading of the given text: in lower case,
// without the characters that are neither letters, digits, marks, spaces,
// hyphens nor underscores, and with each space a hyphen.
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-', r == '_', unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
