package cli_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/cli"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success", nil, 0, ""},
		{"help", flag.ErrHelp, 0, ""},
		{"help, wrapped", fmt.Errorf("token: %w", flag.ErrHelp), 0, ""},
		{"usage error", cli.UsageError{Msg: "-rounds must be at least 1"}, 2, "cmd: -rounds must be at least 1\n"},
		{"usage error, wrapped", fmt.Errorf("serve: %w", cli.UsageError{Msg: "-page-size must be 1 to 999"}), 2, "cmd: serve: -page-size must be 1 to 999\n"},
		{"usage error the flag package printed", cli.UsageError{}, 2, ""},
		{"failure", errors.New("listen tcp: address in use"), 1, "cmd: listen tcp: address in use\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := cli.ExitCode("cmd", tt.err, &stderr); code != tt.code {
				t.Errorf("ExitCode = %d, want %d", code, tt.code)
			}
			if stderr.String() != tt.stderr {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		err     error  // nil, flag.ErrHelp or a cli.UsageError
		printed string // in the flag set's output
	}{
		{"flags", []string{"-n", "3"}, nil, ""},
		{"nothing", nil, nil, ""},
		{"help", []string{"-h"}, flag.ErrHelp, "Usage of cmd"},
		{"unknown flag", []string{"-x"}, cli.UsageError{}, "flag provided but not defined: -x"},
		{"bad value", []string{"-n", "three"}, cli.UsageError{}, `invalid value "three" for flag -n`},
		{"an argument", []string{"-n", "3", "extra", "more"}, cli.UsageError{Msg: `unexpected argument "extra"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
			fs.SetOutput(&out)
			fs.Int("n", 1, "a number")
			err := cli.Parse(fs, tt.args)
			if err != tt.err {
				t.Errorf("Parse = %#v, want %#v", err, tt.err)
			}
			if tt.printed == "" && out.Len() > 0 || !strings.Contains(out.String(), tt.printed) {
				t.Errorf("the flag set printed %q, want %q", out.String(), tt.printed)
			}
		})
	}
}
