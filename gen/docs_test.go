package gen_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestDocsLoadNothingExternal is the static check that the reference page
// needs no network: its markup loads nothing from another origin, its
// Content-Security-Policy allows no other origin, whatever the inline Redoc
// script tries (its bundle holds links and Redocly's logo and telemetry
// URLs), and Redoc's telemetry is off. TestDocsRenderOffline checks the
// same in a browser, where one is installed.
func TestDocsLoadNothingExternal(t *testing.T) {
	z := html.NewTokenizer(bytes.NewReader(gen.DocsHTML))
	var csp []string
	var inStyle bool
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			break
		}
		tok := z.Token()
		switch {
		case tt == html.TextToken && inStyle:
			checkCSS(t, "<style>", tok.Data)
		case tt == html.StartTagToken || tt == html.SelfClosingTagToken:
			inStyle = tok.Data == "style"
			for _, a := range tok.Attr {
				switch {
				case a.Key == "style":
					checkCSS(t, tok.Data+" style", a.Val)
				case a.Key == "href" && tok.Data == "a":
					// A link the reader may follow, not a dependency.
				case slices.Contains([]string{"src", "srcset", "href", "xlink:href", "data", "poster", "action"}, a.Key):
					if external(a.Val) {
						t.Errorf("<%s %s=%q> loads from another origin", tok.Data, a.Key, a.Val)
					}
				case tok.Data == "meta" && strings.EqualFold(a.Key, "content") && isCSP(tok):
					csp = append(csp, a.Val)
				}
			}
		default:
			inStyle = false
		}
	}
	if len(csp) != 1 {
		t.Fatalf("the page has %d Content-Security-Policy meta tags, want 1", len(csp))
	}
	checkCSP(t, csp[0])
	if !bytes.Contains(gen.DocsHTML, []byte(`"disableTelemetry":true`)) {
		t.Error(`Redoc's options lack "disableTelemetry":true (redocly.yaml: telemetry: off)`)
	}
}

// checkCSP fails a policy that lets anything load from another origin:
// every directive may name only the page's origin, data: URLs and inline
// code, and default-src must be there to cover the rest.
func checkCSP(t *testing.T, policy string) {
	t.Helper()
	allowed := []string{"'self'", "data:", "'unsafe-inline'", "'none'"}
	var hasDefault bool
	for _, directive := range strings.Split(policy, ";") {
		fields := strings.Fields(directive)
		if len(fields) == 0 {
			continue
		}
		hasDefault = hasDefault || fields[0] == "default-src"
		for _, source := range fields[1:] {
			if !slices.Contains(allowed, source) {
				t.Errorf("Content-Security-Policy %s allows %s", fields[0], source)
			}
		}
	}
	if !hasDefault {
		t.Errorf("Content-Security-Policy %q has no default-src", policy)
	}
}

func isCSP(tok html.Token) bool {
	for _, a := range tok.Attr {
		if strings.EqualFold(a.Key, "http-equiv") && strings.EqualFold(a.Val, "Content-Security-Policy") {
			return true
		}
	}
	return false
}

var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)

func checkCSS(t *testing.T, where, css string) {
	t.Helper()
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		if u := m[1] + m[2]; external(u) {
			t.Errorf("%s loads %s", where, u)
		}
	}
}

// external reports whether a URL in the page names another origin:
// absolute (http:, https:, //host) rather than relative, a fragment or data:.
func external(ref string) bool {
	for _, candidate := range strings.Split(ref, ",") { // srcset lists several
		u, err := url.Parse(strings.TrimSpace(strings.Fields(candidate + " x")[0]))
		if err != nil || u.Host != "" || (u.Scheme != "" && u.Scheme != "data") {
			return true
		}
	}
	return false
}

// TestDocsRenderOffline opens the page in headless Chromium with every host
// but the loopback unresolvable, and checks that it asked for nothing but
// the page itself (Chromium's net log) and that Redoc rendered every
// operation (the DOM after its script ran). Without Chromium it skips:
// Debian's chromium-headless-shell or chromium package provides one.
func TestDocsRenderOffline(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		t.Skip("no headless Chromium (chromium-headless-shell or chromium) on PATH; TestDocsLoadNothingExternal stands in")
	}
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ops := specdoc.Operations(doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/docs" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(gen.DocsHTML)
	}))
	defer srv.Close()

	// Redoc routes in the fragment; a tag's page lists its operations.
	page := srv.URL + "/docs#/" + strings.ToLower(ops[0].Tags[0])
	dir := t.TempDir()
	netLog := filepath.Join(dir, "netlog.json")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--log-net-log="+netLog,
		"--virtual-time-budget=10000",
		"--dump-dom", page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.Bytes())
	}

	log, err := os.ReadFile(netLog)
	if err != nil {
		t.Fatal(err)
	}
	requests := regexp.MustCompile(`"url":"([^"]+)"`).FindAllSubmatch(log, -1)
	if len(requests) == 0 {
		t.Fatal("the net log has no requests, not even the page's")
	}
	seen := map[string]bool{}
	for _, m := range requests {
		if u := string(m[1]); !strings.HasPrefix(u, srv.URL+"/") && !seen[u] {
			seen[u] = true
			t.Errorf("the page requested %s", u)
		}
	}
	for _, op := range ops {
		link := `href="#/` + strings.ToLower(op.Tags[0]+"/"+op.OperationID) + `"`
		if !bytes.Contains(dom, []byte(link)) {
			t.Errorf("the rendered page has no link to %s (%s)", op.OperationID, link)
		}
	}
}

// findChromium returns a headless-capable Chromium on PATH, or "".
func findChromium() string {
	for _, name := range []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}
