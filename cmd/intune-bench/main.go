// Command intune-bench measures the emulator against a bare echo server
// that answers the same routes with the same bytes and does nothing else,
// so that the difference is what the emulator's stack costs: request ids,
// the access log, token verification, validation against the spec, the
// strict handlers and the store.
//
//	intune-bench [flags]
//
// Both servers run as child processes on loopback ports, and vegeta drives
// them at the highest rate a fixed number of connections can reach, with
// two workloads: create an assignment, and list a configuration's first
// page. The four legs run in short interleaved rounds, so that whatever
// else the machine does falls on all of them alike. A second part starts a
// fresh emulator, creates many assignments, and reads its resident memory.
// A third compares, on another fresh emulator, single creates with JSON
// batches of creates (POST /$batch), in assignments created per second.
//
// The command exits 1 when anything fails, a server's error answers
// included, and 2 for a bad command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the benchmark, or the hidden bare subcommand, and returns the
// exit code. The report goes to stdout, progress and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == bareCommand {
		return cli.ExitCode("intune-bench", serveBare(ctx, args[1:], stderr), stderr)
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		return cli.ExitCode("intune-bench", err, stderr)
	}
	rep, err := bench(ctx, o, stderr)
	if rep != nil {
		if printErr := rep.print(stdout); printErr != nil {
			err = errors.Join(err, fmt.Errorf("print the report: %w", printErr))
		}
	}
	if err != nil {
		return cli.ExitCode("intune-bench", err, stderr)
	}
	if len(rep.failures()) > 0 {
		// print has listed them.
		return 1
	}
	return 0
}
