// Command intune-emulator serves a local emulator of the Microsoft Graph
// (beta) Intune enrollmentConfigurationAssignment endpoints, and mints the
// development tokens to call it with.
//
//	intune-emulator serve [flags]    start the emulator (default 127.0.0.1:8080, base path /beta)
//	intune-emulator token [flags]    print a signed development access token
//	intune-emulator env [flags]      print the development app and CA as shell variables
//
// Every flag can also be given as an environment variable:
// INTUNE_EMULATOR_ and the flag's name in upper snake case, e.g.
// INTUNE_EMULATOR_HS256_SECRET for -hs256-secret. A flag on the command
// line wins over the variable.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage:
  intune-emulator serve [flags]   start the emulator
  intune-emulator token [flags]   print a signed development access token
  intune-emulator env [flags]     print the development app and CA as shell variables, for eval

Run 'intune-emulator <command> -h' for the flags of a command.
`

// run dispatches to a subcommand and returns the process exit code:
// 0 on success, 2 for a usage error, 1 for any other failure.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], getenv, stderr)
	case "token":
		err = token(args[1:], getenv, stdout, stderr)
	case "env":
		err = envCommand(args[1:], getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cli.ExitCode("intune-emulator", err, stderr)
}
