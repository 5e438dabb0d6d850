package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/server/auth"
)

// env is a fake environment for run's getenv.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// runCmd runs the command line in-process and returns its exit code and
// output.
func runCmd(t *testing.T, e env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, e.get, &out, &errOut)
	return code, out.String(), errOut.String()
}

var testRSAKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

// writePEM writes the test key (private or public) to a file.
func writePEM(t *testing.T, private bool) string {
	t.Helper()
	var block *pem.Block
	if private {
		block = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(testRSAKey())}
	} else {
		der, err := x509.MarshalPKIXPublicKey(&testRSAKey().PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		block = &pem.Block{Type: "PUBLIC KEY", Bytes: der}
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestToken mints tokens and verifies each with the key it should be
// signed with, checking the claims the emulator reads.
func TestToken(t *testing.T) {
	hs := func(secret string) jwt.Keyfunc {
		return func(*jwt.Token) (any, error) { return []byte(secret), nil }
	}
	rs := func(*jwt.Token) (any, error) { return &testRSAKey().PublicKey, nil }
	tests := []struct {
		name   string
		env    env
		args   []string
		key    jwt.Keyfunc
		claims map[string]any // expected claim values
		absent []string       // claims that must not be there
		ttl    time.Duration
	}{
		{name: "defaults", args: nil, key: hs(auth.DevSecret),
			claims: map[string]any{"scp": "DeviceManagementServiceConfig.ReadWrite.All", "aud": "https://graph.microsoft.com", "tid": auth.DevTenantID, "oid": auth.DevObjectID},
			absent: []string{"roles"}, ttl: time.Hour},
		{name: "scopes and ttl", args: []string{"-scopes", "DeviceManagementServiceConfig.Read.All User.Read", "-ttl", "2h"}, key: hs(auth.DevSecret),
			claims: map[string]any{"scp": "DeviceManagementServiceConfig.Read.All User.Read"}, ttl: 2 * time.Hour},
		{name: "app-only", args: []string{"-roles", "DeviceManagementServiceConfig.ReadWrite.All"}, key: hs(auth.DevSecret),
			claims: map[string]any{"roles": []any{"DeviceManagementServiceConfig.ReadWrite.All"}, "idtyp": "app"}, absent: []string{"scp"}, ttl: time.Hour},
		{name: "audience, tenant and user", args: []string{"-aud", "api://other", "-tid", auth.PersonalAccountTenantID, "-oid", "u1"}, key: hs(auth.DevSecret),
			claims: map[string]any{"aud": "api://other", "tid": auth.PersonalAccountTenantID, "oid": "u1"}, ttl: time.Hour},
		{name: "secret from the environment", env: env{"INTUNE_EMULATOR_HS256_SECRET": "from-env"}, key: hs("from-env"), ttl: time.Hour},
		{name: "flag wins over the environment", env: env{"INTUNE_EMULATOR_HS256_SECRET": "from-env"}, args: []string{"-hs256-secret", "from-flag"}, key: hs("from-flag"), ttl: time.Hour},
		{name: "scopes from the environment", env: env{"INTUNE_EMULATOR_SCOPES": "DeviceManagementServiceConfig.Read.All"}, key: hs(auth.DevSecret),
			claims: map[string]any{"scp": "DeviceManagementServiceConfig.Read.All"}, ttl: time.Hour},
		{name: "RS256", args: []string{"-rs256-private-key", writePEM(t, true)}, key: rs, ttl: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.env, append([]string{"token"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Count(stdout, "\n") != 1 || strings.Count(stdout, ".") != 2 {
				t.Fatalf("stdout is not one JWT line: %q", stdout)
			}
			claims := jwt.MapClaims{}
			if _, err := jwt.NewParser(jwt.WithExpirationRequired()).ParseWithClaims(strings.TrimSpace(stdout), claims, tt.key); err != nil {
				t.Fatalf("the token does not verify: %v", err)
			}
			for name, want := range tt.claims {
				if got := claims[name]; !jsonEqual(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			for _, name := range tt.absent {
				if _, ok := claims[name]; ok {
					t.Errorf("claim %s is present", name)
				}
			}
			exp, _ := claims.GetExpirationTime()
			iat, _ := claims.GetIssuedAt()
			if exp == nil || iat == nil || exp.Sub(iat.Time) != tt.ttl {
				t.Errorf("exp - iat = %v, want %v", exp.Sub(iat.Time), tt.ttl)
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestUsageErrors exits 2 with a message for a bad command line or
// environment, and 0 for help.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		env      env
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no command", nil, nil, 2, "usage"},
		{"unknown command", nil, []string{"start"}, 2, `unknown command "start"`},
		{"help", nil, []string{"help"}, 0, ""},
		{"command help", nil, []string{"serve", "-h"}, 0, "INTUNE_EMULATOR_ADDR"},
		{"unknown flag", nil, []string{"serve", "-port", "80"}, 2, "-port"},
		{"stray argument", nil, []string{"token", "extra"}, 2, `unexpected argument "extra"`},
		{"token without permissions", nil, []string{"token", "-scopes", ""}, 2, "-scopes or -roles"},
		{"bad environment value", env{"INTUNE_EMULATOR_MAX_BODY_BYTES": "lots"}, []string{"serve"}, 2, "INTUNE_EMULATOR_MAX_BODY_BYTES"},
		{"zero body limit", nil, []string{"serve", "-max-body-bytes", "0"}, 2, "must be positive"},
		{"bad log format", nil, []string{"serve", "-log-format", "xml"}, 2, "-log-format"},
		{"page size too large", nil, []string{"serve", "-page-size", "1000"}, 2, "-page-size"},
		{"negative throttle rate", nil, []string{"serve", "-throttle-rate", "-1"}, 2, "-throttle-rate"},
		{"missing fixtures file", nil, []string{"serve", "-addr", "127.0.0.1:0", "-fixtures", "/nonexistent/fixtures.json"}, 1, "fixtures"},
		{"missing key file", nil, []string{"serve", "-addr", "127.0.0.1:0", "-rs256-public-key", "/nonexistent/key.pem"}, 1, "RS256 public key"},
		{"missing fault rules file", nil, []string{"serve", "-addr", "127.0.0.1:0", "-fault-rules", "/nonexistent/rules.yaml"}, 1, "fault rules"},
		{"fault rule for an unknown operation", nil, []string{"serve", "-addr", "127.0.0.1:0", "-fault-rules", "@rules:rules: [{match: {operation: listGroups}, action: {status: 503}}]"}, 1, "listGroups"},
		{"fault rules that are not YAML", nil, []string{"serve", "-addr", "127.0.0.1:0", "-fault-rules", "@rules:rules: [unclosed"}, 1, "fault rules"},
		{"missing private key file", nil, []string{"token", "-rs256-private-key", "/nonexistent/key.pem"}, 1, "RS256 private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, arg := range tt.args {
				if rest, ok := strings.CutPrefix(arg, "@rules:"); ok {
					tt.args[i] = rulesFile(t, rest)
				}
			}
			code, stdout, stderr := runCmd(t, tt.env, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.wantErr) {
				t.Errorf("output %q, want it to contain %q", stdout+stderr, tt.wantErr)
			}
		})
	}
}

// TestServeFlags reads every serve setting from a flag or its environment
// variable, the flag winning.
func TestServeFlags(t *testing.T) {
	e := env{
		"INTUNE_EMULATOR_ADDR":                  "127.0.0.1:9999",
		"INTUNE_EMULATOR_BASE_PATH":             "/graph/beta",
		"INTUNE_EMULATOR_ALLOW_APP_PERMISSIONS": "true",
		"INTUNE_EMULATOR_MAX_BODY_BYTES":        "2048",
		"INTUNE_EMULATOR_READ_TIMEOUT":          "5s",
		"INTUNE_EMULATOR_WRITE_TIMEOUT":         "6s",
		"INTUNE_EMULATOR_IDLE_TIMEOUT":          "7s",
		"INTUNE_EMULATOR_READ_HEADER_TIMEOUT":   "2s",
		"INTUNE_EMULATOR_MAX_HEADER_BYTES":      "8192",
		"INTUNE_EMULATOR_SHUTDOWN_TIMEOUT":      "3s",
	}
	o, err := parseServeFlags([]string{"-addr", "127.0.0.1:7777"}, e.get, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := o.cfg
	got := []any{o.addr, c.BasePath, c.Auth.AllowAppPermissions, c.MaxBodyBytes, c.ReadTimeout, c.WriteTimeout, c.IdleTimeout, c.ReadHeaderTimeout, c.MaxHeaderBytes, c.ShutdownTimeout}
	want := []any{"127.0.0.1:7777", "/graph/beta", true, int64(2048), 5 * time.Second, 6 * time.Second, 7 * time.Second, 2 * time.Second, 8192, 3 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("setting %d = %v, want %v", i, got[i], want[i])
		}
	}

	o, err = parseServeFlags(nil, env{}.get, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.addr != "127.0.0.1:8080" || o.cfg.BasePath != "/beta" || o.cfg.MaxBodyBytes != 1048576 || o.cfg.Auth.AllowAppPermissions {
		t.Errorf("defaults: addr %q, base path %q, body limit %d, app permissions %v", o.addr, o.cfg.BasePath, o.cfg.MaxBodyBytes, o.cfg.Auth.AllowAppPermissions)
	}
}

// TestServeKeys loads the token keys: the development secret, with a
// warning, when none is configured; otherwise exactly the ones given.
func TestServeKeys(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		wantSecret  string
		wantRSA     bool
		wantWarning bool
	}{
		{"no key", nil, auth.DevSecret, false, true},
		{"HS256 secret", []string{"-hs256-secret", "s3cret"}, "s3cret", false, false},
		{"RS256 key only", []string{"-rs256-public-key", writePEM(t, false)}, "", true, false},
		{"both", []string{"-hs256-secret", "s3cret", "-rs256-public-key", writePEM(t, false)}, "s3cret", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseServeFlags(tt.args, env{}.get, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			logger, _ := newLogger(&logs, "text", "info")
			cfg, err := o.config(logger)
			if err != nil {
				t.Fatal(err)
			}
			if string(cfg.Auth.HS256Secret) != tt.wantSecret {
				t.Errorf("HS256 secret %q, want %q", cfg.Auth.HS256Secret, tt.wantSecret)
			}
			if (cfg.Auth.RS256PublicKey != nil) != tt.wantRSA || tt.wantRSA && !cfg.Auth.RS256PublicKey.Equal(&testRSAKey().PublicKey) {
				t.Errorf("RS256 key %v, want loaded: %v", cfg.Auth.RS256PublicKey != nil, tt.wantRSA)
			}
			if warned := strings.Contains(logs.String(), "level=WARN"); warned != tt.wantWarning {
				t.Errorf("warning logged: %v, want %v: %s", warned, tt.wantWarning, logs.String())
			}
		})
	}
}

// TestServeEndToEnd starts the command as a user would, mints a token with
// the token command, creates and lists an assignment over HTTP, and stops
// the server as SIGINT would, by cancelling its context.
func TestServeEndToEnd(t *testing.T) {
	fixtures := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(fixtures, []byte(`{"value":[{"id":"cfg-1"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	e := env{"INTUNE_EMULATOR_HS256_SECRET": "e2e-secret", "INTUNE_EMULATOR_FIXTURES": fixtures}
	// The address comes from the "serving" log line; the rest of the log
	// is kept for the checks below.
	s := startServe(t, e, []string{"-addr", "127.0.0.1:0"}, "serving")
	addr := s.attr("serving", "addr")
	if addr == "" {
		t.Fatal("the server did not log its address")
	}

	code, tok, stderr := runCmd(t, e, "token")
	if code != 0 {
		t.Fatalf("token: %s", stderr)
	}
	base := "http://" + addr + "/beta/deviceManagement/deviceEnrollmentConfigurations/cfg-1/assignments"
	call := func(method, body string) (int, string) {
		req, _ := http.NewRequest(method, base, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	if status, body := call(http.MethodPost, `{"target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`); status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := call(http.MethodGet, ""); status != http.StatusOK || !strings.Contains(body, "deviceAndAppManagementAssignmentTarget") {
		t.Fatalf("list: %d %s", status, body)
	}

	s.stop()
	var accessLogged bool
	for entry := range s.lines {
		if entry["msg"] == "request" && entry["status"] == float64(http.StatusCreated) {
			accessLogged = true
		}
	}
	if code := <-s.exited; code != 0 {
		t.Errorf("serve exited %d after the stop, want 0", code)
	}
	if !accessLogged {
		t.Error("no access log line for the create")
	}
}

// rulesFile writes a fault rules file with content and returns its path.
func rulesFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
