package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestUsage covers the command lines refused, or answered with help, before
// any git or oasdiff run.
func TestUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "usage: intune-spec"},
		{[]string{"diff"}, 2, "usage: intune-spec"},
		{[]string{"breaking", "-h"}, 0, "-base"},
		{[]string{"changelog", "-help"}, 0, "-from"},
		{[]string{"breaking", "-head", "x"}, 2, "flag provided but not defined: -head"},
		{[]string{"changelog", "-to"}, 2, "flag needs an argument: -to"},
		{[]string{"breaking", "-base", "HEAD", "extra"}, 2, `breaking: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tt.args, &stdout, &stderr); code != tt.code {
			t.Errorf("%q: exit %d, want %d; stderr %s", tt.args, code, tt.code, &stderr)
		}
		if !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%q: stderr %q, want it to contain %q", tt.args, &stderr, tt.stderr)
		}
		if stdout.Len() > 0 {
			t.Errorf("%q: stdout %q, want nothing", tt.args, &stdout)
		}
	}
}
