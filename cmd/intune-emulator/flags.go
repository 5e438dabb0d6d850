package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/specfirst/intune-assignments/internal/cli"
)

// envPrefix starts the environment variable of every flag.
const envPrefix = "INTUNE_EMULATOR_"

// usageError is a bad command line or environment variable: it unwraps to
// the cli.UsageError that gives exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return cli.UsageError{Msg: e.msg} }

// envName is the variable of a flag: -max-body-bytes is
// INTUNE_EMULATOR_MAX_BODY_BYTES.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// newFlagSet returns a flag set whose errors are returned, not fatal, and
// whose usage names each flag's environment variable.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: intune-emulator %s [flags]\n\nEach flag can also be set with the environment variable shown.\n\n", name)
		fs.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(stderr, "  -%s (%s)\n    \t%s", f.Name, envName(f.Name), f.Usage)
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(stderr, " (default %q)", f.DefValue)
			}
			fmt.Fprintln(stderr)
		})
	}
	return fs
}

// parseFlags parses args, then sets each flag that args left out from its
// environment variable, if that is set. It returns the names of the flags
// that were given either way.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) (map[string]bool, error) {
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		value, ok := lookupEnv(getenv, envName(f.Name))
		if !ok {
			return
		}
		if setErr := fs.Set(f.Name, value); setErr != nil {
			err = usageError{fmt.Sprintf("%s=%q: %v", envName(f.Name), value, setErr)}
			return
		}
		given[f.Name] = true
	})
	return given, err
}

// lookupEnv treats an empty variable as unset, so that NAME= in a shell
// does not override a default with nothing.
func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}
