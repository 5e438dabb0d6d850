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

// emu is the emulator every test talks to, started once by TestMain.
var emu *emulator

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := runWithEmulator(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// runWithEmulator reads the spec's facts, starts the emulator, runs the
// tests against it and stops it, reporting a fact the spec does not state
// and an emulator that could not start or did not stop cleanly.
func runWithEmulator(m *testing.M) (int, error) {
	facts, err := loadSpecFacts(specPath)
	if err != nil {
		return 0, err
	}
	spec = facts
	bin := *emulatorFlag
	if bin == "" {
		bin = os.Getenv("INTUNE_EMULATOR_BIN")
	}
	if bin == "" {
		return 0, errors.New("no emulator to test: run `make interop`, or give a built cmd/intune-emulator with -emulator or INTUNE_EMULATOR_BIN")
	}
	dir, err := os.MkdirTemp("", "intune-interop-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	logPath := os.Getenv("INTUNE_INTEROP_LOG")
	if logPath == "" {
		logPath = filepath.Join(dir, "emulator.log")
	}
	e, err := startEmulator(bin, dir, logPath)
	if err != nil {
		return 0, err
	}
	emu = e
	code := m.Run()
	if err := e.stop(); err != nil {
		return 0, err
	}
	if code != 0 && os.Getenv("INTUNE_INTEROP_LOG") != "" {
		fmt.Fprintln(os.Stderr, "interop: the emulator's log is in", logPath)
	}
	return code, nil
}

// emulator is a running cmd/intune-emulator.
type emulator struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process has exited and its log is written
	waitErr error         // the process's exit, valid once exited is closed

	baseURL   string // http://127.0.0.1:PORT/beta
	readWrite string // a token with spec.readWriteScope
	readOnly  string // a token with spec.readOnlyScope

	configurations []string
	used           atomic.Int32
}

// startEmulator serves bin on a free loopback port with a fixtures file of
// its own configurations and a fresh HS256 secret, writes its log to
// logPath, and mints the tests' tokens with bin's token command.
func startEmulator(bin, dir, logPath string) (*emulator, error) {
	e := &emulator{exited: make(chan struct{})}
	fixtures, err := e.writeFixtures(dir)
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	env := emulatorEnv("INTUNE_EMULATOR_HS256_SECRET=" + hex.EncodeToString(secret))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}

	e.cmd = exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-log-format", "json", "-fixtures", fixtures)
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
	addr := make(chan string, 1)
	go func() {
		defer close(e.exited)
		defer logFile.Close()
		// The log is read to its end, so the emulator never blocks on a
		// full pipe; the address comes from its "serving" line.
		scanner := bufio.NewScanner(stderr)
		scanner.Buffer(nil, 1<<20)
		for scanner.Scan() {
			line := scanner.Bytes()
			logFile.Write(append(line, '\n'))
			var entry struct{ Msg, Addr string }
			if json.Unmarshal(line, &entry) == nil && entry.Msg == "serving" && entry.Addr != "" {
				addr <- entry.Addr
			}
		}
		_, _ = io.Copy(logFile, stderr)
		e.waitErr = e.cmd.Wait()
	}()
	select {
	case a := <-addr:
		e.baseURL = "http://" + a + "/beta"
	case <-e.exited:
		return nil, fmt.Errorf("the emulator exited before serving (%v): %s", e.waitErr, readLog(logPath))
	case <-time.After(30 * time.Second):
		_ = e.cmd.Process.Kill()
		<-e.exited
		return nil, fmt.Errorf("the emulator did not log its address within 30s: %s", readLog(logPath))
	}

	if e.readWrite, err = mintToken(bin, env, spec.readWriteScope); err == nil {
		e.readOnly, err = mintToken(bin, env, spec.readOnlyScope)
	}
	if err != nil {
		_ = e.stop()
		return nil, err
	}
	return e, nil
}

// emulatorEnv is this process's environment without the emulator's own
// INTUNE_EMULATOR_* variables, which it reads as flags (a page size or a
// throttle set in a developer's shell would change what the tests see),
// plus extra.
func emulatorEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "INTUNE_EMULATOR_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// writeFixtures writes the emulator's known configurations, in Graph's list
// shape, and keeps their ids for newConfiguration.
func (e *emulator) writeFixtures(dir string) (string, error) {
	type configuration struct {
		ID string `json:"id"`
	}
	var fixtures struct {
		Value []configuration `json:"value"`
	}
	for i := range configurationCount {
		id := fmt.Sprintf("8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_Interop%02d", i)
		e.configurations = append(e.configurations, id)
		fixtures.Value = append(fixtures.Value, configuration{ID: id})
	}
	data, err := json.Marshal(fixtures)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "fixtures.json")
	return path, os.WriteFile(path, data, 0o600)
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

// stop sends SIGTERM, on which the emulator finishes the requests in flight
// and exits, and waits for it; an emulator that had already exited, or did
// not exit cleanly, is an error.
func (e *emulator) stop() error {
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

// newConfiguration hands the calling test a configuration no other test
// uses.
func newConfiguration(t *testing.T) string {
	t.Helper()
	i := int(emu.used.Add(1)) - 1
	if i >= len(emu.configurations) {
		t.Fatalf("all %d configurations are in use: raise configurationCount", len(emu.configurations))
	}
	return emu.configurations[i]
}

// readLog returns the emulator's log for an error message.
func readLog(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(data)
}
