// Package cli holds what the commands in cmd/ share: the usage error, the
// parsing of flags that take no arguments, and the exit code of an error.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// UsageError is a bad command line or environment variable: exit code 2.
// An empty Msg means the flag package has printed the error already.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Parse parses args into fs, whose commands take flags only. -h and -help
// return flag.ErrHelp. Any other bad flag is a UsageError without a
// message, as the flag package has printed the error and the usage to
// fs.Output; an argument left after the flags is a UsageError naming it.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{}
	}
	if fs.NArg() > 0 {
		return UsageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// ExitCode returns the exit code of a command that ended with err, and
// reports err on stderr after name: 0 for nil and for flag.ErrHelp (the
// flag package has printed the usage), 2 for a UsageError (reported only
// when it has a message), 1 for anything else.
func ExitCode(name string, err error, stderr io.Writer) int {
	var usage UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", name, msg)
		}
		return 2
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
}
