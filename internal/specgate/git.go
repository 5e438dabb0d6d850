package specgate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Repo is a git work tree.
type Repo struct {
	Dir string
}

// ErrNoBase means there is nothing to compare with: the history has no
// earlier version of the spec.
var ErrNoBase = errors.New("no base to compare with")

// Base is the git revision a spec is compared with, and why it was chosen.
type Base struct {
	Ref string
	Why string
}

// DefaultBase chooses the base of the spec at path: the newest v* tag in
// HEAD's history, else the previous commit. The previous commit is HEAD
// itself while the spec has uncommitted changes, so that a change being
// made is compared with what was committed before it.
//
// A shallow clone may lack both, and guessing would compare with the wrong
// version or with nothing: DefaultBase refuses it and says how to fetch the
// history. A history that truly has no earlier version is ErrNoBase.
func (r Repo) DefaultBase(ctx context.Context, path string) (Base, error) {
	if err := r.refuseShallow(ctx); err != nil {
		return Base{}, err
	}
	if tag, err := r.newestTag(ctx); err != nil || tag != "" {
		return Base{Ref: tag, Why: "the newest v* tag"}, err
	}
	status, err := r.git(ctx, "status", "--porcelain", "--", path)
	if err != nil {
		return Base{}, err
	}
	if status != "" {
		return Base{Ref: "HEAD", Why: "the last commit: no v* tag, and " + path + " has uncommitted changes"}, nil
	}
	if _, err := r.git(ctx, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"); err != nil {
		return Base{}, fmt.Errorf("%w: no v* tag, and HEAD is the first commit", ErrNoBase)
	}
	return Base{Ref: "HEAD~1", Why: "the previous commit: no v* tag"}, nil
}

// refuseShallow fails in a shallow clone, whose history may lack the base.
func (r Repo) refuseShallow(ctx context.Context) error {
	shallow, err := r.git(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return err
	}
	if shallow == "true" {
		return errors.New("this clone is shallow, so the v* tags and the previous commit may be missing: " +
			"fetch the history (git fetch --unshallow --tags) or name the base (BASE=<ref>)")
	}
	return nil
}

// newestTag returns the highest v* tag by version order in HEAD's history,
// or "" if there is none.
func (r Repo) newestTag(ctx context.Context) (string, error) {
	tags, err := r.git(ctx, "tag", "--merged", "HEAD", "--list", "v*", "--sort=-version:refname")
	tag, _, _ := strings.Cut(tags, "\n")
	return tag, err
}

// Show returns the spec at path in the commit ref. A ref that is not in
// the repository is an error; a spec that did not exist yet is ErrNoBase.
func (r Repo) Show(ctx context.Context, ref, path string) ([]byte, error) {
	if _, err := r.git(ctx, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		msg := fmt.Sprintf("%s is not a commit of this repository", ref)
		if shallow, _ := r.git(ctx, "rev-parse", "--is-shallow-repository"); shallow == "true" {
			msg += "; this clone is shallow: fetch the history (git fetch --unshallow --tags)"
		}
		return nil, errors.New(msg)
	}
	if _, err := r.git(ctx, "cat-file", "-e", ref+":"+path); err != nil {
		return nil, fmt.Errorf("%w: %s does not exist in %s", ErrNoBase, path, ref)
	}
	cmd := exec.CommandContext(ctx, "git", "show", ref+":"+path)
	cmd.Dir = r.Dir
	return cmd.Output()
}

// git runs a git command in the work tree and returns its output trimmed.
func (r Repo) git(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = r.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}
