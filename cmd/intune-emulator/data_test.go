package main

import (
	"io"
	"testing"
)

// TestDataFlag: -data and INTUNE_EMULATOR_DATA select the data file; the
// default is none, the in-memory store.
func TestDataFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  env
		want string
	}{
		{nil, env{}, ""},
		{[]string{"-data", "a.db"}, env{}, "a.db"},
		{nil, env{"INTUNE_EMULATOR_DATA": "b.db"}, "b.db"},
		{[]string{"-data", "a.db"}, env{"INTUNE_EMULATOR_DATA": "b.db"}, "a.db"},
	} {
		o, err := parseServeFlags(tt.args, tt.env.get, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if o.data != tt.want {
			t.Errorf("args %v, env %v: data %q, want %q", tt.args, tt.env, o.data, tt.want)
		}
	}
}
