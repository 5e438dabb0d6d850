package specgate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
)

// changelogHeader starts a new CHANGELOG.md.
const changelogHeader = `# Changelog

The changes to the API that ` + "`openapi/openapi.yaml`" + ` describes, one section per
` + "`info.version`" + `, newest first. ` + "`make changelog`" + ` writes each section from oasdiff's
changelog between two git revisions (docs/spec-workflow.md, "Changing the spec").
`

// UpdateChangelog merges section, which starts with a "## <version>"
// heading, into a changelog: it replaces the section with the same heading,
// or goes above the newest one. An empty changelog gets a header first.
func UpdateChangelog(changelog, section []byte) ([]byte, error) {
	section = append(bytes.TrimSpace(section), '\n')
	heading, _, _ := bytes.Cut(section, []byte("\n"))
	if !bytes.HasPrefix(heading, []byte("## ")) {
		return nil, fmt.Errorf("a changelog section starts with a ## heading, not %q", heading)
	}
	if len(bytes.TrimSpace(changelog)) == 0 {
		changelog = []byte(changelogHeader)
	}
	lines := strings.SplitAfter(string(changelog), "\n")
	newest, same := -1, -1
	for i, line := range lines {
		if !strings.HasPrefix(line, "## ") {
			continue
		}
		if newest < 0 {
			newest = i
		}
		if strings.TrimSpace(line) == string(heading) {
			same = i
			break
		}
	}
	var before, after []string
	switch {
	case same >= 0:
		end := same + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], "## ") {
			end++
		}
		before, after = lines[:same], lines[end:]
	case newest >= 0:
		before, after = lines[:newest], lines[newest:]
	default:
		before = []string{strings.TrimRight(string(changelog), "\n") + "\n\n"}
	}
	var out strings.Builder
	out.WriteString(strings.Join(before, ""))
	out.Write(section)
	if len(after) > 0 {
		out.WriteString("\n" + strings.Join(after, ""))
	}
	return []byte(out.String()), nil
}

// ChangelogBase chooses where the changelog of version rev starts: the
// newest v* tag in HEAD's history; else the last commit whose spec at path
// had another info.version, which ends the previous version; else the
// commit that added the spec. So the section of a version lists everything
// since the version before, released with a tag or not.
func (r Repo) ChangelogBase(ctx context.Context, path string, rev Version) (Base, error) {
	if err := r.refuseShallow(ctx); err != nil {
		return Base{}, err
	}
	if tag, err := r.newestTag(ctx); err != nil || tag != "" {
		return Base{Ref: tag, Why: "the newest v* tag"}, err
	}
	log, err := r.git(ctx, "log", "--format=%h", "--", path)
	if err != nil {
		return Base{}, err
	}
	commits := strings.Fields(log)
	if len(commits) == 0 {
		return Base{}, fmt.Errorf("%w: %s is not committed", ErrNoBase, path)
	}
	for _, c := range commits {
		data, err := r.Show(ctx, c, path)
		if errors.Is(err, ErrNoBase) {
			continue // the commit deleted the spec
		}
		if err != nil {
			return Base{}, err
		}
		v, err := InfoVersion(Spec{Source: c + ":" + path, Data: data})
		if err != nil {
			return Base{}, err
		}
		if v != rev {
			return Base{Ref: c, Why: fmt.Sprintf("the last commit at info.version %s: no v* tag", v)}, nil
		}
	}
	return Base{Ref: commits[len(commits)-1], Why: "the commit that added " + path + ": no v* tag, no other info.version"}, nil
}
