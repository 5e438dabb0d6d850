package specgate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
	"github.com/specfirst/intune-assignments/openapi"
)

// Edits of openapi.yaml that the acceptance tests make on copies of it.
const (
	nextLinkProperty = `        '@odata.nextLink':
          type: string
          format: uri
          description: The URL of the next page; absent on the last page.
`
	deltaLinkProperty = `        '@odata.deltaLink':
          type: string
          format: uri
          description: The URL that returns the changes since this page.
`
	// nextLinkRemoved is the change as oasdiff words it, and so the line
	// that acknowledges it.
	nextLinkRemoved = "GET /deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments " +
		"removed the optional property `@odata.nextLink` from the response with the `200` status"
)

// TestGate is the acceptance test of `make breaking` on a change to the
// spec: each case edits a copy of openapi.yaml, writes an acknowledgement
// file, and runs the gate, with the pinned oasdiff and the repository's
// severity levels, against the spec as committed.
func TestGate(t *testing.T) {
	// The cases are written for a spec at 1.0.0, whatever the spec's own
	// version is.
	spec := regexp.MustCompile(`(?m)^  version: .*$`).ReplaceAll(openapi.YAML, []byte("  version: 1.0.0"))
	removeNextLink := func(s string) string { return replace(t, s, nextLinkProperty, "") }
	addDeltaLink := func(s string) string { return replace(t, s, nextLinkProperty, deltaLinkProperty+nextLinkProperty) }
	version := func(v string) func(string) string {
		return func(s string) string { return replace(t, s, "\n  version: 1.0.0\n", "\n  version: "+v+"\n") }
	}
	tests := []struct {
		name  string
		edits []func(string) string
		acks  string
		ok    bool
		// want are in the output, in this order.
		want []string
	}{{
		name:  "a removed response property fails, named",
		edits: []func(string) string{removeNextLink},
		want: []string{
			"[response-optional-property-removed]", "removed the optional property `@odata.nextLink` from the response with the `200` status",
			"FAIL: 1 breaking change not acknowledged", "## 2.0.0", "- " + nextLinkRemoved,
			"FAIL: a breaking change was detected but the version is still `1.0.0`",
		},
	}, {
		name:  "an added optional property passes",
		edits: []func(string) string{addDeltaLink},
		ok:    true,
	}, {
		name:  "an acknowledged removal with a major bump passes",
		edits: []func(string) string{removeNextLink, version("2.0.0")},
		acks:  "# Acknowledged\n\n## 2.0.0\n\nPaging moves to the Link header.\n\n- " + nextLinkRemoved + "\n",
		ok:    true,
		want:  []string{"acknowledged breaking changes: 1, under ## 2.0.0"},
	}, {
		name:  "an acknowledgement without the bump fails",
		edits: []func(string) string{removeNextLink},
		acks:  "## 2.0.0\n\n- " + nextLinkRemoved + "\n",
		want: []string{
			"removed the optional property `@odata.nextLink`",
			"FAIL: acks.md has a section for 2.0.0, but info.version is 1.0.0",
			"FAIL: 1 breaking change not acknowledged",
		},
	}, {
		name:  "an acknowledgement under the unchanged version is not in play",
		edits: []func(string) string{removeNextLink},
		acks:  "## 1.0.0\n\n- " + nextLinkRemoved + "\n",
		want:  []string{"none in play, as info.version is unchanged", "FAIL: 1 breaking change not acknowledged"},
	}, {
		name:  "an acknowledgement with a minor bump fails",
		edits: []func(string) string{removeNextLink, version("1.1.0")},
		acks:  "## 1.1.0\n\n- " + nextLinkRemoved + "\n",
		want: []string{
			"[api-major-version-not-bumped]",
			"FAIL: a breaking change was detected but the major version did not increase, from `1.0.0` to `1.1.0`",
		},
	}, {
		name:  "an acknowledgement that matches nothing fails",
		edits: []func(string) string{removeNextLink, version("2.0.0")},
		acks: "## 2.0.0\n\n- " + nextLinkRemoved +
			"\n- GET /deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments removed the optional property `value`\n",
		want: []string{"FAIL: this acknowledgement in acks.md (section 2.0.0) matches no error-level change", "removed the optional property `value`"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			rev := string(spec)
			for _, edit := range tt.edits {
				rev = edit(rev)
			}
			write(t, filepath.Join(dir, "base.yaml"), string(spec))
			write(t, filepath.Join(dir, "openapi.yaml"), rev)
			if tt.acks != "" {
				write(t, filepath.Join(dir, "acks.md"), tt.acks)
			}
			oasdiff := newOasdiff(t)
			levels, err := filepath.Abs(oasdiff.Levels)
			if err != nil {
				t.Fatal(err)
			}
			oasdiff.Levels, oasdiff.Dir = levels, dir
			var out bytes.Buffer
			gate := specgate.Gate{Oasdiff: oasdiff, Acks: "acks.md", Out: &out}
			// The acknowledgement file is named relative to where the gate
			// runs, as the Makefile names it.
			t.Chdir(dir)
			ok, err := gate.Check(context.Background(),
				specgate.Spec{Source: "base.yaml", Data: spec},
				specgate.Spec{Source: "openapi.yaml", Data: []byte(rev)})
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.ok {
				t.Errorf("Check = %v, want %v", ok, tt.ok)
			}
			t.Logf("output:\n%s", &out)
			rest := out.String()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("the output lacks %q after the earlier ones", w)
					break
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestGateUnchanged checks that an unchanged spec passes without oasdiff,
// and that a section for a version above the spec's still fails.
func TestGateUnchanged(t *testing.T) {
	dir := t.TempDir()
	acks := filepath.Join(dir, "acks.md")
	spec := []byte("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\n")
	for _, tt := range []struct {
		acks string
		ok   bool
	}{{"", true}, {"## 1.0.0\n\n- GET /x removed it\n", true}, {"## 1.1.0\n\n- GET /x removed it\n", false}} {
		write(t, acks, tt.acks)
		var out bytes.Buffer
		gate := specgate.Gate{Oasdiff: specgate.Oasdiff{Bin: "/nonexistent/oasdiff"}, Acks: acks, Out: &out}
		ok, err := gate.Check(context.Background(), specgate.Spec{Source: "a", Data: spec}, specgate.Spec{Source: "b", Data: spec})
		if err != nil || ok != tt.ok {
			t.Errorf("acks %q: Check = %v, %v; want %v; output:\n%s", tt.acks, ok, err, tt.ok, &out)
		}
	}
}

// replace replaces the one old in s.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("the spec has %d of %q, want 1", n, old)
	}
	return strings.Replace(s, old, new, 1)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
