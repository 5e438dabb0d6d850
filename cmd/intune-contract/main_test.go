package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/store"
)

// emulator serves the real emulator with the development secret on a
// loopback listener through server.Run, behind wrap when given, and
// returns its version root and its store, which holds seed (created
// through the API, past wrap).
func emulator(t *testing.T, wrap func(http.Handler) http.Handler, seed ...string) (baseURL string, st *store.MemStore) {
	t.Helper()
	st = spectest.MemStore()
	cfg := spectest.Config([]byte(auth.DevSecret))
	cfg.Store = st
	_, d := spectest.Emulator(t, cfg)
	if err := spectest.Seed(context.Background(), d, spectest.Token(t, []byte(auth.DevSecret), scopeAll), defaultConfigID, seed...); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if wrap == nil {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- server.Run(ctx, cfg, ln) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
		})
	} else {
		h, err := server.NewEcho(cfg)
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: wrap(h)}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
	}
	return "http://" + ln.Addr().String() + "/beta", st
}

var seedBodies = []string{
	`{"id":"aaaaaaaa-0000-4000-8000-000000000001","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"bbbbbbbb-0000-4000-8000-000000000001"}}`,
	`{"id":"aaaaaaaa-0000-4000-8000-000000000002","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`,
}

type junitFile struct {
	Suites []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, path string) junitFile {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f junitFile
	if err := xml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("JUnit file: %v\n%s", err, raw)
	}
	if len(f.Suites) != 1 {
		t.Fatalf("%d test suites", len(f.Suites))
	}
	return f
}

// failures maps each failing case of the JUnit file to its failure text.
func failures(f junitFile) map[string]string {
	m := map[string]string{}
	for _, c := range f.Suites[0].Cases {
		if c.Failure != nil {
			m[c.Name] = c.Failure.Text
		}
	}
	return m
}

// TestAgainstEmulators runs the command in process against the emulator
// and against emulators broken on purpose: a broken one fails the run, and
// the JUnit report names each failing case and what differed.
func TestAgainstEmulators(t *testing.T) {
	tests := []struct {
		name     string
		wrap     func(http.Handler) http.Handler
		args     []string
		wantCode int
		// wantFailing: cases that must fail, with a fragment of the
		// reason; nil means no case may fail.
		wantFailing map[string]string
	}{
		{name: "emulator, read-only", wantCode: 0},
		{name: "emulator, writes and assign", args: []string{"-allow-writes", "-allow-assign"}, wantCode: 0},
		{
			name: "drops target",
			wrap: spectest.RewriteJSON(func(obj map[string]any) { delete(obj, "target") }),
			args: []string{"-allow-writes"}, wantCode: 1,
			wantFailing: map[string]string{
				"createAssignment/server/group":     `"target"`,
				"getAssignment/server/group":        `"target"`,
				"updateAssignment/server/graphDocs": `"target"`,
			},
		},
		{
			name: "mis-spells an error code",
			wrap: spectest.RewriteJSON(func(obj map[string]any) {
				if e, ok := obj["error"].(map[string]any); ok && e["code"] == "ResourceNotFound" {
					e["code"] = "ResourceNotFond"
				}
			}),
			wantCode: 1,
			wantFailing: map[string]string{
				"getAssignment/server/404/notFound":   "ResourceNotFond",
				"listAssignments/server/404/notFound": "ResourceNotFond",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, st := emulator(t, tt.wrap, seedBodies...)
			before := spectest.Snapshot(t, st, defaultConfigID)
			dir := t.TempDir()
			junit, jsonFile := filepath.Join(dir, "report.xml"), filepath.Join(dir, "report.json")
			args := append([]string{"-base-url", base, "-junit", junit, "-json", jsonFile}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\n%s%s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			f := readJUnit(t, junit)
			failing := failures(f)
			if tt.wantFailing == nil && len(failing) > 0 {
				t.Errorf("failing cases: %v", failing)
			}
			for name, fragment := range tt.wantFailing {
				text, ok := failing[name]
				if !ok {
					t.Errorf("the JUnit report does not name %s as failing; it names %d cases: %v", name, len(failing), slices.Sorted(maps.Keys(failing)))
					continue
				}
				if !strings.Contains(text, fragment) {
					t.Errorf("%s: the failure does not mention %s:\n%s", name, fragment, text)
				}
				if !strings.Contains(stdout.String(), "FAIL  "+name+": ") {
					t.Errorf("the output has no FAIL line for %s", name)
				}
			}
			if !regexp.MustCompile(`(?m)^\d+ cases: \d+ passed, \d+ failed, \d+ skipped$`).MatchString(stdout.String()) {
				t.Errorf("no summary line:\n%s", stdout.String())
			}
			var rep report
			raw, err := os.ReadFile(jsonFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Summary.Total != f.Suites[0].Tests || rep.Summary.Failed != len(failing) || rep.Summary.Failed != f.Suites[0].Failures {
				t.Errorf("JSON summary %+v, JUnit %d tests, %d failing", rep.Summary, f.Suites[0].Tests, len(failing))
			}
			if after := spectest.Snapshot(t, st, defaultConfigID); after != before {
				t.Errorf("the configuration changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestInterruptedRunRestores interrupts a run with writes and assign
// allowed in the middle of its assign cases and then of its create cases,
// as a signal would: the exit code is 1, and the configuration holds what it
// held before.
func TestInterruptedRunRestores(t *testing.T) {
	tests := []struct {
		name string
		stop func(r *http.Request, n int) bool
	}{
		{"at the second assign", func(r *http.Request, n int) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assign") && n == 2
		}},
		{"at a create", func(r *http.Request, n int) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assignments") && n == 3
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			counts := map[string]int{}
			base, st := emulator(t, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					key := r.Method + " " + r.URL.Path
					counts[key]++
					if strings.Contains(r.Header.Get("Authorization"), "Bearer") && tt.stop(r, counts[key]) {
						cancel()
					}
					h.ServeHTTP(w, r)
				})
			}, seedBodies...)
			before := spectest.Snapshot(t, st, defaultConfigID)
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"-base-url", base, "-allow-writes", "-allow-assign"}, func(string) string { return "" }, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit code %d after an interrupted run, want 1", code)
			}
			if ctx.Err() == nil {
				t.Fatal("the run was never interrupted")
			}
			if !strings.Contains(stdout.String(), "the run was interrupted") || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("the output does not say the run was interrupted:\n%s%s", stdout.String(), stderr.String())
			}
			if after := spectest.Snapshot(t, st, defaultConfigID); after != before {
				t.Errorf("the configuration was not given back:\nbefore %s\nafter  %s\n%s", before, after, stdout.String())
			}
		})
	}
}

// TestPlanBeforeFirstWrite: the changes are announced before the first
// request that could change anything.
func TestPlanBeforeFirstWrite(t *testing.T) {
	var out bytes.Buffer
	var atFirstWrite string
	base, _ := emulator(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet && atFirstWrite == "" && strings.Contains(r.Header.Get("Authorization"), "Bearer") {
				atFirstWrite = out.String()
			}
			h.ServeHTTP(w, r)
		})
	})
	if code := run(context.Background(), []string{"-base-url", base, "-allow-writes", "-allow-assign", "-run", "^(assign|createAssignment)/server/[a-zA-Z]+$"}, func(string) string { return "" }, &out, io.Discard); code != 0 {
		t.Fatalf("exit code %d:\n%s", code, out.String())
	}
	if !strings.Contains(atFirstWrite, "This run will change configuration "+defaultConfigID) || !strings.Contains(atFirstWrite, "restored") {
		t.Errorf("before the first write, the output was:\n%s", atFirstWrite)
	}
}

// TestUsage covers the refusals: no base URL, a remote one without a
// token, and where the token comes from.
func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		want     string
	}{
		{"no base URL", nil, nil, 2, "-base-url is required"},
		{"remote without token", []string{"-base-url", "https://graph.microsoft.com/beta"}, nil, 2, "give -token"},
		{"not http", []string{"-base-url", "ftp://127.0.0.1/beta"}, nil, 2, "not an http(s) URL"},
		{"bad -run", []string{"-base-url", "http://127.0.0.1:1/beta", "-run", "("}, nil, 2, "-run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit code %d, stderr %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.want)
			}
		})
	}
	t.Run("token from the environment", func(t *testing.T) {
		o, err := parse([]string{"-base-url", "https://graph.microsoft.com/beta"}, func(k string) string {
			return map[string]string{envToken: "from-env", envNarrowToken: "narrow"}[k]
		}, io.Discard)
		if err != nil || o.token != "from-env" || o.narrowToken != "narrow" {
			t.Errorf("token %q, narrow %q, err %v", o.token, o.narrowToken, err)
		}
	})
}

// TestBuiltBinary builds the command and runs it against the emulator, as
// make contract-live does.
func TestBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "intune-contract")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	base, _ := emulator(t, nil)
	junit := filepath.Join(t.TempDir(), "report.xml")
	out, err := exec.Command(bin, "-base-url", base, "-allow-writes", "-allow-assign", "-junit", junit).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f := readJUnit(t, junit)
	if f.Suites[0].Failures != 0 || f.Suites[0].Tests == 0 {
		t.Errorf("JUnit: %d tests, %d failures", f.Suites[0].Tests, f.Suites[0].Failures)
	}
}
