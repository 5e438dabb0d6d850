package interop

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var emulatorFlag = flag.String("emulator", "", "path of a built intune-emulator (default: $INTUNE_EMULATOR_BIN)")

// configurationCount is how many deviceEnrollmentConfigurations the
// emulator is given: one for each test that writes, so that no test sees
// another's assignments and a list can be checked for exactly what its test
// created.
const configurationCount = 64

// emu is the emulator every test talks to, as the run's mode reaches it.
var emu *emulator

// attachVar hands a run the emulator to test (see runModes).
const attachVar = "INTUNE_INTEROP_ATTACH"

func TestMain(m *testing.M) {
	flag.Parse()
	var code int
	var err error
	if attach := os.Getenv(attachVar); attach != "" {
		code, err = runAttached(m, attach)
	} else {
		code, err = runModes()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// runAttached runs the tests against the emulator that attach describes,
// in its mode.
func runAttached(m *testing.M, attach string) (int, error) {
	facts, err := loadSpecFacts(specPath)
	if err != nil {
		return 0, err
	}
	spec = facts
	emu = &emulator{}
	if err := json.Unmarshal([]byte(attach), &emu.emulatorInfo); err != nil {
		return 0, fmt.Errorf("%s: %w", attachVar, err)
	}
	return m.Run(), nil
}

// emulatorInfo is what a run needs to know of the emulator, handed to it
// as JSON.
type emulatorInfo struct {
	Mode           string            `json:"mode"`
	BaseURL        string            `json:"baseURL"`   // the Graph base URL of the mode
	Authority      string            `json:"authority"` // https://127.0.0.1:PORT
	CA             string            `json:"ca"`        // the development CA's PEM file
	Tenant         string            `json:"tenant"`
	Apps           map[string]appReg `json:"apps"` // by role and credential, see appKey
	ReadWrite      string            `json:"readWrite"`
	ReadOnly       string            `json:"readOnly"`
	Configurations []string          `json:"configurations"`

	proxy string // the proxy's URL, for the proxy mode's environment
}

// appReg is a registered app as its automation knows it.
type appReg struct {
	ClientID string `json:"clientId"`
	Secret   string `json:"secret,omitempty"`
	CertPEM  string `json:"certPEM,omitempty"` // certificate and key, for ClientCertificateCredential
}

// emulator is the emulator of a run.
type emulator struct {
	emulatorInfo
	used atomic.Int32
}

// newConfiguration hands the calling test a configuration no other test
// uses.
func newConfiguration(t *testing.T) string {
	t.Helper()
	i := int(emu.used.Add(1)) - 1
	if i >= len(emu.Configurations) {
		t.Fatalf("all %d configurations are in use: raise configurationCount", len(emu.Configurations))
	}
	return emu.Configurations[i]
}

// running is a started cmd/intune-emulator.
type running struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process has exited and its log is written
	waitErr error         // the process's exit, valid once exited is closed
	addrs   map[string]string
	admin   string
}

// startEmulator serves bin on free loopback ports, plain HTTP, HTTPS (with
// its authority and the apps of appsFile) and the proxy, with the fixtures,
// a fresh HS256 secret and its state in dir, and its log in logPath.
func startEmulator(bin, dir, logPath string, env []string, args ...string) (*running, error) {
	e := &running{exited: make(chan struct{}), addrs: map[string]string{}}
	admin := make([]byte, 16)
	if _, err := rand.Read(admin); err != nil {
		return nil, err
	}
	e.admin = hex.EncodeToString(admin)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	e.cmd = exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-proxy-addr", "127.0.0.1:0",
		"-state-dir", filepath.Join(dir, "state"), "-admin-token", e.admin, "-log-format", "json"}, args...)...)
	e.cmd.Env = env
	stderr, err := e.cmd.StderrPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	if err := e.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	// The addresses come from the "serving", "serving https" and "serving
	// proxy" lines.
	want := []string{"serving", "serving https", "serving proxy"}
	ready := make(chan struct{})
	go func() {
		defer close(e.exited)
		defer logFile.Close()
		// The log is read to its end, so the emulator never blocks on a
		// full pipe.
		scanner := bufio.NewScanner(stderr)
		scanner.Buffer(nil, 1<<20)
		found := 0
		for scanner.Scan() {
			line := scanner.Bytes()
			logFile.Write(append(line, '\n'))
			var entry struct{ Msg, Addr string }
			if found < len(want) && json.Unmarshal(line, &entry) == nil && entry.Addr != "" && e.addrs[entry.Msg] == "" {
				for _, w := range want {
					if entry.Msg == w {
						e.addrs[w] = entry.Addr
						if found++; found == len(want) {
							close(ready)
						}
					}
				}
			}
		}
		_, _ = io.Copy(logFile, stderr)
		e.waitErr = e.cmd.Wait()
	}()
	select {
	case <-ready:
		return e, nil
	case <-e.exited:
		return nil, fmt.Errorf("the emulator exited before serving (%v): %s", e.waitErr, readLog(logPath))
	case <-time.After(30 * time.Second):
		_ = e.cmd.Process.Kill()
		<-e.exited
		return nil, fmt.Errorf("the emulator did not log its addresses within 30s: %s", readLog(logPath))
	}
}

// reset empties every configuration, between two runs.
func (e *running) reset() error {
	req, err := http.NewRequest(http.MethodPost, "http://"+e.addrs["serving"]+"/_emulator/reset", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("reset: %s", resp.Status)
	}
	return nil
}

// stop sends SIGTERM, on which the emulator finishes the requests in flight
// and exits, and waits for it; an emulator that had already exited, or did
// not exit cleanly, is an error.
func (e *running) stop() error {
	select {
	case <-e.exited:
		return fmt.Errorf("the emulator exited during the tests: %v", e.waitErr)
	default:
	}
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-e.exited:
	case <-time.After(30 * time.Second):
		_ = e.cmd.Process.Kill()
		<-e.exited
		return errors.New("the emulator did not stop within 30s of SIGTERM")
	}
	if e.waitErr != nil {
		return fmt.Errorf("the emulator stopped with %v", e.waitErr)
	}
	return nil
}

// emulatorEnv is this process's environment without the emulator's own
// INTUNE_EMULATOR_* variables, which it reads as flags (a page size or a
// throttle set in a developer's shell would change what the tests see),
// plus extra.
func emulatorEnv(extra ...string) []string {
	return append(environWithout("INTUNE_EMULATOR_"), extra...)
}

// environWithout is this process's environment without the variables
// whose names start with one of prefixes.
func environWithout(prefixes ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, p := range prefixes {
			if strings.HasPrefix(strings.ToUpper(name), p) {
				drop = true
			}
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return env
}

// mintToken runs bin's token command for a delegated token with scope.
func mintToken(bin string, env []string, scope string) (string, error) {
	cmd := exec.Command(bin, "token", "-scopes", scope)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s token -scopes %s: %w: %s", bin, scope, err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// readLog returns the emulator's log for an error message.
func readLog(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(data)
}
