package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
)

// httpsClient trusts only the PEM file at caPath ("" trusts nothing).
func httpsClient(t *testing.T, caPath string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if caPath != "" {
		data, err := os.ReadFile(caPath)
		if err != nil {
			t.Fatal(err)
		}
		pool.AppendCertsFromPEM(data)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
}

// TestServeHTTPS starts serve with HTTPS only and its state directory,
// as make run does: a client that trusts the CA the log names gets the
// development app's token from the authority and lists over HTTP/2; one
// that does not trust it fails; a restart reuses the CA.
func TestServeHTTPS(t *testing.T) {
	state := t.TempDir()
	args := []string{"-addr", "", "-tls-addr", "127.0.0.1:0", "-state-dir", state}
	s := startServe(t, env{}, args, "development CA: trust it to call the emulator over HTTPS", "serving https")
	caPath := s.attr("development CA: trust it to call the emulator over HTTPS", "ca")
	if caPath != filepath.Join(state, "ca.pem") {
		t.Fatalf("the log names the CA %q, want %s", caPath, filepath.Join(state, "ca.pem"))
	}
	firstCA, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	base := "https://" + s.attr("serving https", "addr")
	if got := s.attr("serving https", "base_url"); got != base+"/beta" {
		t.Errorf("base_url %q, want %s/beta", got, base)
	}

	c := httpsClient(t, caPath)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {identity.DevClientID}, "client_secret": {identity.DevClientSecret},
		"scope": {"https://graph.microsoft.com/.default"}}
	resp, err := c.PostForm(base+"/"+auth.DevTenantID+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		t.Fatalf("token: %d %v", resp.StatusCode, err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/beta/deviceManagement/deviceEnrollmentConfigurations/8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions/assignments", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
		t.Errorf("list with the authority's token: %d over %s: %s; want 200 over HTTP/2", resp.StatusCode, resp.Proto, body)
	}

	if _, err := httpsClient(t, "").Get(base + "/healthz"); err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Errorf("a client without the CA: %v; want a certificate error", err)
	}

	s.stop()
	if code := <-s.exited; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	again := startServe(t, env{}, args, "development CA: trust it to call the emulator over HTTPS", "serving https")
	if again.logged["development CA: trust it to call the emulator over HTTPS"]["created"] != false {
		t.Error("the restart created a new CA")
	}
	secondCA, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(secondCA) != string(firstCA) {
		t.Error("the restart replaced ca.pem")
	}
	resp, err = c.Get("https://" + again.attr("serving https", "addr") + "/healthz")
	if err != nil {
		t.Fatalf("after the restart, a client trusting the first CA: %v", err)
	}
	resp.Body.Close()
}

// TestServeHTTPSFlags covers the flags of HTTPS, the authority and the
// proxy that stop the start, each with what to do.
func TestServeHTTPSFlags(t *testing.T) {
	state := t.TempDir()
	certFile, keyFile := writeKeyPairFiles(t)
	unknownPermission := filepath.Join(t.TempDir(), "apps.yaml")
	if err := os.WriteFile(unknownPermission, []byte("apps:\n  - tenant: "+auth.DevTenantID+"\n    clientId: "+identity.DevClientID+"\n    secret: s\n    permissions: [User.Read.All]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"a certificate without its key", []string{"-tls-addr", "127.0.0.1:0", "-tls-cert", certFile}, 2, "-tls-cert and -tls-key go together"},
		{"-tls-cert without -tls-addr", []string{"-tls-cert", certFile, "-tls-key", keyFile}, 2, "need -tls-addr"},
		{"-tls-host with -tls-cert", []string{"-tls-addr", "127.0.0.1:0", "-tls-cert", certFile, "-tls-key", keyFile, "-tls-host", "x"}, 2, "-tls-host"},
		{"nothing to serve", []string{"-addr", ""}, 2, "nothing to serve"},
		{"-apps without the authority", []string{"-apps", unknownPermission}, 2, "-apps registers the authority's apps"},
		{"swapped certificate and key", []string{"-addr", "", "-state-dir", state, "-tls-addr", "127.0.0.1:0", "-tls-cert", keyFile, "-tls-key", certFile}, 1, "give the certificate file, not the key"},
		{"a key that is not the certificate's", []string{"-addr", "", "-state-dir", state, "-tls-addr", "127.0.0.1:0", "-tls-cert", certFile, "-tls-key", writePEM(t, true)}, 1, "is not the key of certificate"},
		{"an unreadable certificate", []string{"-addr", "", "-state-dir", state, "-tls-addr", "127.0.0.1:0", "-tls-cert", filepath.Join(state, "missing.pem"), "-tls-key", keyFile}, 1, "read the TLS certificate"},
		{"an app with an unknown permission", []string{"-addr", "", "-state-dir", state, "-tls-addr", "127.0.0.1:0", "-apps", unknownPermission}, 1, `permission "User.Read.All" is not one this API knows`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, nil, append([]string{"serve"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.wantErr) {
				t.Errorf("exit %d, output %q; want %d and %q", code, stdout+stderr, tt.wantCode, tt.wantErr)
			}
		})
	}
}

// writeKeyPairFiles writes a certificate and key made by a development CA
// of a directory of the test's.
func writeKeyPairFiles(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	code, _, stderr := runCmd(t, nil, "env", "-state-dir", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	return filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
}

// TestAuthorityDefaults checks how the authority and application
// permissions follow the other flags unless given.
func TestAuthorityDefaults(t *testing.T) {
	tests := []struct {
		name          string
		args          []string
		authority     bool
		appPermission bool
	}{
		{"plain serve, as the seed", nil, false, false},
		{"HTTPS", []string{"-tls-addr", "127.0.0.1:0"}, true, true},
		{"the proxy", []string{"-proxy-addr", "127.0.0.1:0"}, true, true},
		{"HTTPS without the authority", []string{"-tls-addr", "127.0.0.1:0", "-authority=false"}, false, false},
		{"HTTPS refusing app-only tokens", []string{"-tls-addr", "127.0.0.1:0", "-allow-app-permissions=false"}, true, false},
		{"the authority on plain HTTP", []string{"-authority"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseServeFlags(tt.args, env{}.get, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if o.https.authority != tt.authority || o.cfg.Auth.AllowAppPermissions != tt.appPermission {
				t.Errorf("authority %v, app permissions %v; want %v, %v", o.https.authority, o.cfg.Auth.AllowAppPermissions, tt.authority, tt.appPermission)
			}
		})
	}
}

// TestEnv prints the development app and the CA for eval, creating the CA
// once.
func TestEnv(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, nil, "env", "-state-dir", dir, "-tls-addr", "127.0.0.1:8443", "-proxy-addr", "127.0.0.1:8444")
	if code != 0 {
		t.Fatal(stderr)
	}
	ca := filepath.Join(dir, "ca.pem")
	for _, want := range []string{
		"export AZURE_TENANT_ID='" + auth.DevTenantID + "'",
		"export AZURE_CLIENT_ID='" + identity.DevClientID + "'",
		"export AZURE_CLIENT_SECRET='" + identity.DevClientSecret + "'",
		"export SSL_CERT_FILE='" + ca + "'",
		"export REQUESTS_CA_BUNDLE='" + ca + "'",
		"export NODE_EXTRA_CA_CERTS='" + ca + "'",
		"export HTTPS_PROXY='http://127.0.0.1:8444'",
		"# Graph base URL: https://127.0.0.1:8443/beta",
	} {
		if !strings.Contains(stdout, want+"\n") && !strings.Contains(stdout, want+" ") {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(ca); err != nil {
		t.Error(err)
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}
