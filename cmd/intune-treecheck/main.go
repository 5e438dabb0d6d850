// Command intune-treecheck fails when git tracks what it should not: a
// built binary (ELF, Mach-O, PE), a file with the executable bit that is
// no script, or a file over the size limit that is not on the list of
// large generated files. `make lint` runs it from the repository root:
//
//	intune-treecheck [-max-bytes N] [-large PATH]...
//
// It prints one line per file, naming it and what is wrong, and exits 1
// when there is any; 0 when the tree is clean, 2 for a bad command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/cli"
	"github.com/specfirst/intune-assignments/internal/treecheck"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, ".", os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// paths is a flag that may be given more than once.
type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(v string) error { *p = append(*p, v); return nil }

var errFindings = errors.New("the tree holds files that git should not track")

func run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("intune-treecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var policy treecheck.Policy
	fs.Int64Var(&policy.MaxBytes, "max-bytes", 1<<20, "largest size of a tracked file")
	fs.Var((*paths)(&policy.Large), "large", "a generated file that may exceed -max-bytes (repeatable)")
	err := cli.Parse(fs, args)
	if err == nil {
		err = check(ctx, dir, policy, stdout)
	}
	return cli.ExitCode("intune-treecheck", err, stderr)
}

func check(ctx context.Context, dir string, policy treecheck.Policy, stdout io.Writer) error {
	findings, err := treecheck.Check(ctx, dir, policy)
	if err != nil {
		return err
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		return errFindings
	}
	return nil
}
