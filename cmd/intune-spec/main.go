// Command intune-spec guards changes to openapi/openapi.yaml against the
// clients already generated from it. The Makefile runs it from the
// repository root:
//
//	intune-spec breaking [-base REF]            # make breaking [BASE=REF]
//	intune-spec changelog [-from REF] [-to REF] # make changelog [FROM=REF] [TO=REF]
//
// breaking compares the spec in the work tree with the one in REF (default:
// the newest v* tag, else the previous commit) and fails on error-level
// breaking changes that openapi/breaking-changes.md does not acknowledge;
// see package specgate. changelog writes oasdiff's changelog from one
// revision to another (default: the newest v* tag, else the last commit at
// another info.version; the work tree) into CHANGELOG.md, as the section of
// the revision's info.version.
//
// The exit code is 0 on success or when there is nothing to compare with,
// 1 when the check fails or something goes wrong, and 2 for a bad command
// line.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/cli"
	"github.com/specfirst/intune-assignments/internal/specgate"
)

// The files the commands read and write, relative to the repository root.
const (
	specFile      = "openapi/openapi.yaml"
	acksFile      = "openapi/breaking-changes.md"
	levelsFile    = "openapi/oasdiff-levels.txt"
	templateFile  = "openapi/changelog.tmpl"
	changelogFile = "CHANGELOG.md"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errFailed is a check that failed after saying why.
var errFailed = errors.New("failed")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	commands := map[string]func(context.Context, *flag.FlagSet, []string, io.Writer) error{
		"breaking":  breaking,
		"changelog": changelog,
	}
	if len(args) == 0 || commands[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: intune-spec breaking [-base REF] | changelog [-from REF] [-to REF]")
		return 2
	}
	// Each command's flags; the flag package prints their errors and -h.
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	err := commands[args[0]](ctx, fs, args[1:], stdout)
	switch {
	case errors.Is(err, specgate.ErrNoBase):
		fmt.Fprintf(stdout, "%s: skipped, nothing to compare with (%v)\n", args[0], err)
		return 0
	case errors.Is(err, errFailed):
		fmt.Fprintf(stdout, "\n%s: FAILED\n", args[0])
		return 1
	}
	return cli.ExitCode(args[0], err, stderr)
}

func breaking(ctx context.Context, fs *flag.FlagSet, args []string, stdout io.Writer) error {
	ref := fs.String("base", "", "git revision to compare with (default: the newest v* tag, else the previous commit)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	repo := specgate.Repo{Dir: "."}
	base := specgate.Base{Ref: *ref, Why: "given"}
	if base.Ref == "" {
		var err error
		if base, err = repo.DefaultBase(ctx, specFile); err != nil {
			return err
		}
	}
	baseData, err := repo.Show(ctx, base.Ref, specFile)
	if err != nil {
		return err
	}
	revData, err := os.ReadFile(specFile)
	if err != nil {
		return err
	}
	oasdiff, cleanup, err := buildOasdiff(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Fprintf(stdout, "Breaking changes to %s since %s (%s)\n\n", specFile, base.Ref, base.Why)
	gate := specgate.Gate{Oasdiff: oasdiff, Acks: acksFile, Out: stdout}
	ok, err := gate.Check(ctx,
		specgate.Spec{Source: base.Ref + ":" + specFile, Data: baseData},
		specgate.Spec{Source: specFile, Data: revData})
	if err != nil {
		return err
	}
	if !ok {
		return errFailed
	}
	fmt.Fprintln(stdout, "\nbreaking: ok")
	return nil
}

func changelog(ctx context.Context, fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fromRef := fs.String("from", "", "git revision the changes start from (default: the newest v* tag, else the last commit at another info.version)")
	toRef := fs.String("to", "", "git revision the changes end at (default: the work tree)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	repo := specgate.Repo{Dir: "."}
	to, toName := specFile, specFile+" in the work tree"
	toData, err := os.ReadFile(specFile)
	if *toRef != "" {
		to, toName = *toRef+":"+specFile, *toRef+":"+specFile
		toData, err = repo.Show(ctx, *toRef, specFile)
	}
	if err != nil {
		return err
	}
	from := specgate.Base{Ref: *fromRef, Why: "given"}
	if from.Ref == "" {
		toVersion, err := specgate.InfoVersion(specgate.Spec{Source: toName, Data: toData})
		if err != nil {
			return err
		}
		if from, err = repo.ChangelogBase(ctx, specFile, toVersion); err != nil {
			return err
		}
	} else if _, err := repo.Show(ctx, from.Ref, specFile); err != nil {
		// An error of its own, before oasdiff reads the revision.
		return err
	}
	oasdiff, cleanup, err := buildOasdiff(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	section, err := oasdiff.Changelog(ctx, from.Ref+":"+specFile, to, templateFile)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(changelogFile)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	updated, err := specgate.UpdateChangelog(old, section)
	if err != nil {
		return err
	}
	if err := os.WriteFile(changelogFile, updated, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: the changes from %s (%s) to %s\n\n%s\n", changelogFile, from.Ref, from.Why, toName, bytes.TrimSpace(section))
	return nil
}

// buildOasdiff builds the pinned oasdiff into a temporary directory.
func buildOasdiff(ctx context.Context) (specgate.Oasdiff, func(), error) {
	dir, err := os.MkdirTemp("", "intune-spec")
	if err != nil {
		return specgate.Oasdiff{}, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	bin, err := specgate.BuildOasdiff(ctx, dir)
	if err != nil {
		cleanup()
		return specgate.Oasdiff{}, nil, err
	}
	return specgate.Oasdiff{Bin: bin, Levels: levelsFile, Dir: "."}, cleanup, nil
}
