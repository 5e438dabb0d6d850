package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// childEnv, when set, makes the test binary run the emulator's main with
// the arguments after "--": the crash test's subprocess is the command
// itself, without a separate build.
const childEnv = "INTUNE_EMULATOR_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, args, os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// child is the emulator running as a subprocess.
type child struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
	done chan struct{}
}

// startChild runs "serve" with args in a subprocess and waits for its
// address.
func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^$", "--", "serve", "-addr", "127.0.0.1:0", "-log-format", "json"}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1", "INTUNE_EMULATOR_HS256_SECRET=crash-secret")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, logs: &bytes.Buffer{}, done: make(chan struct{})}
	t.Cleanup(func() { c.kill() })
	addr := make(chan string, 1)
	go func() {
		defer close(c.done)
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			line := scanner.Bytes()
			var entry map[string]any
			if json.Unmarshal(line, &entry) == nil && entry["msg"] == "serving" {
				addr <- entry["addr"].(string)
				continue
			}
			c.logs.Write(append(line, '\n'))
		}
		_ = cmd.Wait()
	}()
	select {
	case c.addr = <-addr:
	case <-c.done:
		t.Fatalf("the emulator exited before serving: %s", c.logs)
	case <-time.After(30 * time.Second):
		c.kill() // the log reader is done once the process is: logs is then ours
		t.Fatalf("the emulator did not start: %s", c.logs)
	}
	return c
}

// kill sends SIGKILL and waits for the process to go.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

// TestCrashKeepsAcknowledgedCreates sends creates from several clients,
// kills the emulator with SIGKILL in the middle of them, restarts it on the
// same data file, and finds every create that was answered 201, each
// client's in the order it sent them. Run it many times with -count.
func TestCrashKeepsAcknowledgedCreates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the emulator twice")
	}
	data := filepath.Join(t.TempDir(), "data.db")
	const config = "cfg-1"
	fixtures := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(fixtures, []byte(`{"value":[{"id":"`+config+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, tok, stderr := runCmd(t, env{"INTUNE_EMULATOR_HS256_SECRET": "crash-secret"}, "token")
	if code != 0 {
		t.Fatalf("token: %s", stderr)
	}
	tok = strings.TrimSpace(tok)
	first := startChild(t, "-data", data, "-fixtures", fixtures)

	client := &http.Client{Timeout: 10 * time.Second}
	call := func(addr, method, url, body string) (int, []byte, error) {
		if strings.HasPrefix(url, "/") {
			url = "http://" + addr + url
		}
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		return resp.StatusCode, raw, err
	}
	path := "/beta/deviceManagement/deviceEnrollmentConfigurations/" + config + "/assignments"

	// Each client creates until a request fails, which the kill makes
	// happen; acked holds, per client, the ids answered 201, in order.
	const clients = 4
	acked := make([][]string, clients)
	var total sync.WaitGroup
	var mu sync.Mutex
	count := 0
	killAt := 50 + rand.IntN(250)
	killed := make(chan struct{})
	var once sync.Once
	for w := range clients {
		total.Go(func() {
			for i := 0; ; i++ {
				body := fmt.Sprintf(`{"source":"direct","sourceId":"client-%d-%06d","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`, w, i)
				status, raw, err := call(first.addr, http.MethodPost, path, body)
				if err != nil {
					return // the emulator is gone
				}
				if status != http.StatusCreated {
					t.Errorf("create: %d %s", status, raw)
					return
				}
				var a struct{ ID string }
				if err := json.Unmarshal(raw, &a); err != nil {
					t.Errorf("create: %s: %v", raw, err)
					return
				}
				acked[w] = append(acked[w], a.ID)
				mu.Lock()
				count++
				if count == killAt {
					once.Do(func() { go func() { first.kill(); close(killed) }() })
				}
				mu.Unlock()
			}
		})
	}
	total.Wait()
	<-killed
	n := 0
	for _, ids := range acked {
		n += len(ids)
	}
	t.Logf("%d creates acknowledged before the SIGKILL (killed after %d)", n, killAt)

	second := startChild(t, "-data", data, "-fixtures", fixtures, "-page-size", "37")
	// Follow @odata.nextLink through every page.
	position := map[string]int{}
	url := path
	for pages := 0; url != ""; pages++ {
		status, raw, err := call(second.addr, http.MethodGet, url, "")
		if err != nil || status != http.StatusOK {
			t.Fatalf("list %s: %d %s %v", url, status, raw, err)
		}
		var page struct {
			Value []struct{ ID string } `json:"value"`
			Next  string                `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Value {
			position[a.ID] = len(position)
		}
		url = page.Next
		if pages > 1000 {
			t.Fatal("@odata.nextLink does not end")
		}
	}
	for w, ids := range acked {
		last := -1
		for _, id := range ids {
			p, ok := position[id]
			if !ok {
				t.Errorf("client %d: acknowledged assignment %s is gone after the restart", w, id)
				continue
			}
			if p < last {
				t.Errorf("client %d: assignment %s is listed before one created earlier", w, id)
			}
			last = p
		}
	}
	if len(position) < n || len(position) > n+clients {
		t.Errorf("%d assignments after the restart; %d were acknowledged, and at most %d more were in flight", len(position), n, clients)
	}

	// While the second emulator has the file, a third cannot open it, and
	// says why.
	code, _, stderr = runCmd(t, env{}, "serve", "-addr", "127.0.0.1:0", "-data", data)
	if code == 0 || !strings.Contains(stderr, "locked by another process") || !strings.Contains(stderr, "stop the other emulator") {
		t.Errorf("serve on a locked file: exit %d, %s", code, stderr)
	}
}
