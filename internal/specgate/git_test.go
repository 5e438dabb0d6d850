package specgate_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

const specPath = "openapi/openapi.yaml"

// gitRepo makes a repository in a temporary directory.
func gitRepo(t *testing.T) specgate.Repo {
	t.Helper()
	for _, v := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(v, "test")
	}
	for _, v := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(v, "test@example.com")
	}
	repo := specgate.Repo{Dir: t.TempDir()}
	git(t, repo, "init", "-q", "-b", "main")
	return repo
}

func git(t *testing.T, repo specgate.Repo, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = repo.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes the spec with content and commits it.
func commit(t *testing.T, repo specgate.Repo, content string) {
	t.Helper()
	writeSpec(t, repo, content)
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", content)
}

func writeSpec(t *testing.T, repo specgate.Repo, content string) {
	t.Helper()
	path := filepath.Join(repo.Dir, specPath)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, path, content)
}

func defaultBase(t *testing.T, repo specgate.Repo) string {
	t.Helper()
	base, err := repo.DefaultBase(context.Background(), specPath)
	if err != nil {
		t.Fatal(err)
	}
	return base.Ref
}

func TestDefaultBase(t *testing.T) {
	ctx := context.Background()
	repo := gitRepo(t)
	write(t, filepath.Join(repo.Dir, "README"), "no spec yet")
	git(t, repo, "add", "README")
	git(t, repo, "commit", "-q", "-m", "first")
	if _, err := repo.DefaultBase(ctx, specPath); !errors.Is(err, specgate.ErrNoBase) {
		t.Errorf("the first commit: err = %v, want ErrNoBase", err)
	}

	commit(t, repo, "one")
	if got := defaultBase(t, repo); got != "HEAD~1" {
		t.Errorf("no tag: base %q, want HEAD~1", got)
	}
	if _, err := repo.Show(ctx, "HEAD~1", specPath); !errors.Is(err, specgate.ErrNoBase) {
		t.Errorf("a spec added by HEAD: err = %v, want ErrNoBase", err)
	}
	writeSpec(t, repo, "one, being changed")
	if got := defaultBase(t, repo); got != "HEAD" {
		t.Errorf("no tag, uncommitted change: base %q, want HEAD", got)
	}
	if data, err := repo.Show(ctx, "HEAD", specPath); err != nil || string(data) != "one" {
		t.Errorf("Show(HEAD) = %q, %v", data, err)
	}
	if _, err := repo.Show(ctx, "v404", specPath); err == nil || errors.Is(err, specgate.ErrNoBase) {
		t.Errorf("an unknown ref: err = %v, want an error", err)
	}

	git(t, repo, "tag", "v1.9.0")
	commit(t, repo, "two")
	git(t, repo, "tag", "v1.10.0")
	git(t, repo, "tag", "not-a-release")
	git(t, repo, "switch", "-q", "-c", "side")
	commit(t, repo, "three")
	git(t, repo, "tag", "v9.0.0")
	git(t, repo, "switch", "-q", "main")
	if got := defaultBase(t, repo); got != "v1.10.0" {
		t.Errorf("tags: base %q, want v1.10.0 (by version, in HEAD's history)", got)
	}
	base, err := repo.ChangelogBase(ctx, specPath, specgate.Version{Major: 1})
	if err != nil || base.Ref != "v1.10.0" {
		t.Errorf("ChangelogBase = %v, %v; want v1.10.0", base, err)
	}
}

// TestChangelogBaseWithoutTag: without a tag, a version's changelog
// starts at the last commit of another version, or where the spec began.
func TestChangelogBaseWithoutTag(t *testing.T) {
	ctx := context.Background()
	spec := func(version string) string {
		return "openapi: 3.0.3\ninfo: {title: t, version: " + version + "}\npaths: {}\n"
	}
	repo := gitRepo(t)
	write(t, filepath.Join(repo.Dir, "README"), "no spec yet")
	git(t, repo, "add", "README")
	git(t, repo, "commit", "-q", "-m", "first")
	commit(t, repo, spec("1.0.0"))
	commit(t, repo, spec("1.0.0")+"# a comment\n")
	lastOf1 := git(t, repo, "rev-parse", "HEAD")
	commit(t, repo, spec("1.1.0"))
	commit(t, repo, spec("1.1.0")+"# a comment\n")
	for _, tt := range []struct {
		rev  specgate.Version
		want string
	}{
		{specgate.Version{Major: 1, Minor: 1}, lastOf1},
		{specgate.Version{Major: 1, Minor: 2}, git(t, repo, "rev-parse", "HEAD")},
	} {
		base, err := repo.ChangelogBase(ctx, specPath, tt.rev)
		if err != nil || !strings.HasPrefix(tt.want, base.Ref) {
			t.Errorf("ChangelogBase(%s) = %v, %v; want %s", tt.rev, base, err, tt.want)
		}
	}

	only := gitRepo(t)
	commit(t, only, spec("1.0.0"))
	commit(t, only, spec("1.0.0")+"# a comment\n")
	base, err := only.ChangelogBase(ctx, specPath, specgate.Version{Major: 1})
	if want := git(t, only, "rev-list", "--max-parents=0", "HEAD"); err != nil || !strings.HasPrefix(want, base.Ref) {
		t.Errorf("one version: ChangelogBase = %v, %v; want the commit that added the spec, %s", base, err, want)
	}
}

// TestShallowClone is CI's case: a shallow clone is refused with the fix,
// and the fetch that .ci/run makes gives DefaultBase what it needs.
func TestShallowClone(t *testing.T) {
	origin := gitRepo(t)
	commit(t, origin, "one")
	git(t, origin, "tag", "v1.0.0")
	commit(t, origin, "two")
	commit(t, origin, "three")

	clone := specgate.Repo{Dir: t.TempDir()}
	git(t, clone, "clone", "-q", "--depth", "1", "--no-tags", "file://"+origin.Dir, ".")
	_, err := clone.DefaultBase(context.Background(), specPath)
	if err == nil || !strings.Contains(err.Error(), "git fetch --unshallow --tags") {
		t.Errorf("shallow clone: err = %v, want the fetch to run", err)
	}
	if _, err := clone.Show(context.Background(), "HEAD~1", specPath); err == nil || !strings.Contains(err.Error(), "shallow") {
		t.Errorf("shallow clone, Show(HEAD~1): err = %v, want one that says the clone is shallow", err)
	}
	git(t, clone, "fetch", "-q", "--unshallow", "--tags")
	if got := defaultBase(t, clone); got != "v1.0.0" {
		t.Errorf("after the fetch: base %q, want v1.0.0", got)
	}
}
