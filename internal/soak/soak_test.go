package soak

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/server/resilience"
)

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// testRNG is a fixed random source.
func testRNG() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestFaultRulesParse: the emulator takes the soak's rules, and each kind
// of fault is among them.
func TestFaultRulesParse(t *testing.T) {
	rules, err := resilience.ParseFaultRules([]byte(faultRules(7)))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, r := range rules.Rules {
		a := r.Action
		switch {
		case a.Status != 0:
			if a.Status != injectedStatus {
				t.Errorf("rule %q injects %d: only %d can be told from a real failure", r.Name, a.Status, injectedStatus)
			}
			kinds["status"] = true
		case a.Latency != nil:
			kinds["latency"] = true
		case a.Reset:
			kinds["reset"] = true
		case a.Truncate:
			kinds["truncate"] = true
		}
	}
	if len(kinds) != 4 || rules.Seed != 7 {
		t.Errorf("kinds %v, seed %d", kinds, rules.Seed)
	}
}

// TestRecorderTellsInjectedFromReal: a 504 with the injected message is
// injected; any other 5xx is not, and is described; so inside a batch
// answered whole. The body stays readable for the client, and a batch's
// answer cut short still fails the client's read.
func TestRecorderTellsInjectedFromReal(t *testing.T) {
	injected := `{"error":{"code":"GatewayTimeout","message":"` + injectedMessage + `"}}`
	answers := map[string]struct {
		status int
		body   string
	}{
		"/injected": {504, injected},
		"/other504": {504, `{"error":{"message":"something else"}}`},
		"/500":      {500, `{"error":{"message":"An unexpected error occurred."}}`},
		"/ok":       {200, `{}`},
		"/beta/$batch": {200, `{"responses":[{"id":"1","status":201,"body":{}},{"id":"2","status":504,"body":` + injected + `},` +
			`{"id":"3","status":500,"body":{"error":{"message":"An unexpected error occurred."}}},{"id":"4","status":429}]}`},
		"/cut/$batch": {200, `{"responses":[{"id":"1","status":500}]}`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		if strings.HasPrefix(r.URL.Path, "/cut/") {
			w.Header().Set("Content-Length", strconv.Itoa(len(a.body)+10))
		}
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	defer srv.Close()
	rec := newRecorder()
	hc := &http.Client{Transport: rec.wrap(http.DefaultTransport)}
	for path, a := range answers {
		rsp, err := hc.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rsp.Body)
		rsp.Body.Close()
		if cut := strings.HasPrefix(path, "/cut/"); (err != nil) != cut || string(body) != a.body {
			t.Errorf("%s: the client read %q, %v", path, body, err)
		}
	}
	c := rec.counts()
	if c.injected5xx != 2 || c.injectedItem != 1 || c.real5xxCount != 3 || len(c.real5xx) != 3 || c.answered() != 6 || c.schemes["http"] != 6 {
		t.Errorf("counts %+v", c)
	}
	if c.batches != 1 || c.itemsAnswered() != 4 || c.items[429] != 1 {
		t.Errorf("batch counts %+v", c)
	}
}

// TestSettle judges growth after warm-up only, against the earlier samples.
func TestSettle(t *testing.T) {
	mk := func(uptime time.Duration, rss, goroutines float64) sample {
		return sample{uptime: uptime, scraped: scraped{rss: rss, goroutines: goroutines, fds: 10}}
	}
	flat := []sample{mk(0, 1, 500), mk(time.Minute, 20<<20, 20), mk(2*time.Minute, 21<<20, 21), mk(time.Minute, 20<<20, 20), mk(2*time.Minute, 22<<20, 22)}
	for _, v := range settle(flat, time.Minute) {
		if !v.judged || !v.ok {
			t.Errorf("flat: %+v", v)
		}
	}
	growing := append(flat, mk(3*time.Minute, 60<<20, 200))
	for _, v := range settle(growing, time.Minute) {
		if want := v.name == "open fds"; v.ok != want {
			t.Errorf("growing: %+v", v)
		}
	}
	if v := settle(flat[:2], time.Minute); v[0].judged {
		t.Errorf("one warm sample was judged: %+v", v[0])
	}
}

// TestSoak is make soak's run, short: 30 seconds, a kill -9 every 10, a
// sample every 3. It builds and runs the emulator.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the emulator for 30 seconds")
	}
	o := DefaultOptions()
	o.Duration, o.RestartEvery, o.SampleEvery, o.WarmUp = 30*time.Second, 10*time.Second, 3*time.Second, 3*time.Second
	var out, progress bytes.Buffer
	if err := Run(context.Background(), o, &out, &progress); err != nil {
		t.Fatalf("%v\n%s\nprogress:\n%s", err, &out, &progress)
	}
	text := out.String()
	t.Log(text)
	for _, want := range []string{
		`(?m)^5xx\s+\d+ injected \(\d+ of them inside batches\), 0 not`,
		`(?m)^RSS\s+settled`, `(?m)^goroutines\s+settled`, `(?m)^open fds\s+settled`,
		`(?m)^PASS$`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the report has no line matching %s", want)
		}
	}
	// Three kills on schedule and the last one; every check passed and
	// verified every acknowledged write.
	if m := regexp.MustCompile(`(?m)^restarts\s+(\d+) kills with SIGKILL survived: (\d+) of (\d+) checks`).FindStringSubmatch(text); m == nil || atoi(t, m[1]) < 3 || m[2] != m[3] || m[1] != m[3] {
		t.Errorf("restarts: %q", m)
	}
	if m := regexp.MustCompile(`(?m)^verified\s+(\d+) of (\d+) acknowledged writes`).FindStringSubmatch(text); m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("verified: %q", m)
	}
	// Both listeners and batches carried writes the checks verified.
	if m := regexp.MustCompile(`(?m)^requests\s+(\d+) over HTTP, (\d+) over HTTPS \((\d+) of them to the token endpoint\)`).FindStringSubmatch(text); m == nil || m[1] == "0" || m[2] == "0" || m[3] == "0" {
		t.Errorf("requests: %q", m)
	}
	if m := regexp.MustCompile(`(?m)^writes\s+\d+ acknowledged \((\d+) of them in batches\)`).FindStringSubmatch(text); m == nil || m[1] == "0" {
		t.Errorf("writes: %q", m)
	}
	if m := regexp.MustCompile(`(?m)^in batches\s+.*in the (\d+) batch answers read whole`).FindStringSubmatch(text); m == nil || m[1] == "0" {
		t.Errorf("in batches: %q", m)
	}
	if strings.Contains(text, "FAIL") {
		t.Error("the report says FAIL")
	}
}
