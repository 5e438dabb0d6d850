package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
)

// TestServesTheBreak starts the command on a free port, reads the address
// from its "serving" line, and requires each break in its answers.
func TestServesTheBreak(t *testing.T) {
	cases := []struct {
		name, breakName, want, notWant string
	}{
		{"bare type", "bare-type", `"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"`, `"#microsoft.graph.`},
		{"dropped target", "drop-target", `"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment"`, `"target"`},
	}
	serving := regexp.MustCompile(`msg=serving addr=(\S+)`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			logR, logW := io.Pipe()
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-hs256-secret", "s", "-break", c.breakName}, logW)
				logW.Close()
			}()
			lines := bufio.NewScanner(logR)
			if !lines.Scan() {
				cancel()
				t.Fatalf("no serving line: %v", <-done)
			}
			m := serving.FindStringSubmatch(lines.Text())
			go func() { _, _ = io.Copy(io.Discard, logR) }()
			if m == nil {
				cancel()
				t.Fatalf("not a serving line: %s", lines.Text())
			}
			token, err := auth.MintToken(auth.TokenOptions{Scopes: []string{specdoc.WriteScope()}, HS256Secret: []byte("s")})
			if err != nil {
				t.Fatal(err)
			}
			body := `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`
			req, _ := http.NewRequest(http.MethodPost, "http://"+m[1]+"/beta"+specdoc.AssignmentsPath(specdoc.ExampleConfigID()), strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated || !strings.Contains(string(raw), c.want) || strings.Contains(string(raw), c.notWant) {
				t.Errorf("status %d, body %s: want 201 with %s and without %s", res.StatusCode, raw, c.want, c.notWant)
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("after cancel: %v", err)
			}
		})
	}
}

func TestRefusesAnUnknownBreak(t *testing.T) {
	err := run(context.Background(), []string{"-break", "nothing"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "bare-type") {
		t.Errorf("err = %v, want one naming the breaks", err)
	}
}
