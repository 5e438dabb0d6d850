// Command intune-spec guards changes to openapi/openapi.yaml against the
// clients already generated from it. The Makefile runs it from the
// repository root:
//
//	intune-spec breaking [-base REF]            # make breaking [BASE=REF]
//
// breaking compares the spec in the work tree with the one in REF (default:
// the newest v* tag, else the previous commit) and fails on error-level
// breaking changes that openapi/breaking-changes.md does not acknowledge;
// see package specgate.
//
// The exit code is 0 on success or when there is nothing to compare with,
// 1 when the check fails or something goes wrong, and 2 for a bad command
// line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

// The files the commands read and write, relative to the repository root.
const (
	specFile   = "openapi/openapi.yaml"
	acksFile   = "openapi/breaking-changes.md"
	levelsFile = "openapi/oasdiff-levels.txt"
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
	commands := map[string]func(context.Context, []string, io.Writer) error{
		"breaking": breaking,
	}
	if len(args) == 0 || commands[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: intune-spec breaking [-base REF]")
		return 2
	}
	err := commands[args[0]](ctx, args[1:], stdout)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, err)
		return 2
	case errors.Is(err, specgate.ErrNoBase):
		fmt.Fprintf(stdout, "%s: skipped, nothing to compare with (%v)\n", args[0], err)
		return 0
	case errors.Is(err, errFailed):
		fmt.Fprintf(stdout, "\n%s: FAILED\n", args[0])
		return 1
	default:
		fmt.Fprintf(stderr, "%s: %v\n", args[0], err)
		return 1
	}
}

type usageError struct{ error }

// parse parses a subcommand's flags, which take no arguments.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	return nil
}

func breaking(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("breaking", flag.ContinueOnError)
	ref := fs.String("base", "", "git revision to compare with (default: the newest v* tag, else the previous commit)")
	if err := parse(fs, args); err != nil {
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
