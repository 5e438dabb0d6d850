package devca

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serveTLS serves "ok" over HTTPS on loopback with cert.
func serveTLS(t *testing.T, cert tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok"))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	// The refused handshakes are the point of some tests, not news.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// clientTrusting is an HTTP client whose only root is the PEM file at
// path, as SSL_CERT_FILE makes it; "" trusts nothing.
func clientTrusting(t *testing.T, path string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !pool.AppendCertsFromPEM(data) {
			t.Fatalf("%s holds no certificate", path)
		}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// TestServerCertificateIsTrustedThroughTheCA serves the CA's server
// certificate on loopback and connects to it by each of its names: a
// client that trusts the printed CA file succeeds, one that does not
// fails.
func TestServerCertificateIsTrustedThroughTheCA(t *testing.T) {
	ca, created, err := Open(t.TempDir(), nil)
	if err != nil || !created {
		t.Fatalf("Open = %v, created %v; want a new CA", err, created)
	}
	cert, _, err := ca.ServerCertificate([]string{"localhost", "127.0.0.1", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := serveTLS(t, cert)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	tests := []struct {
		name    string
		trusted string // the PEM file the client trusts
		host    string
		wantErr string
	}{
		{"the CA, by IP", ca.CertPath(), "127.0.0.1", ""},
		{"the CA, by name", ca.CertPath(), "localhost", ""},
		{"nothing", "", "127.0.0.1", "certificate signed by unknown authority"},
		{"another CA", newCA(t).CertPath(), "127.0.0.1", "certificate signed by unknown authority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := clientTrusting(t, tt.trusted).Get("https://" + tt.host + ":" + port + "/")
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("GET: %v", err)
				}
				resp.Body.Close()
				return
			}
			if err == nil {
				resp.Body.Close()
				t.Fatal("GET succeeded; want a certificate error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("GET: %v; want %q", err, tt.wantErr)
			}
		})
	}
}

func newCA(t *testing.T) *CA {
	t.Helper()
	ca, _, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// TestRestartReusesTheCA opens the same directory twice: the second start
// finds the CA and the server certificate of the first, so that a client
// trusting the CA once keeps trusting the emulator.
func TestRestartReusesTheCA(t *testing.T) {
	dir := t.TempDir()
	first, _, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{"localhost", "127.0.0.1"}
	firstCert, _, err := first.ServerCertificate(hosts)
	if err != nil {
		t.Fatal(err)
	}
	second, created, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if created || second.Fingerprint() != first.Fingerprint() {
		t.Fatalf("the second Open made a new CA (created %v, %s != %s)", created, second.Fingerprint(), first.Fingerprint())
	}
	cert, reissued, err := second.ServerCertificate(hosts)
	if err != nil {
		t.Fatal(err)
	}
	if reissued || !cert.Leaf.Equal(firstCert.Leaf) {
		t.Error("the server certificate was issued again; want the one in the directory")
	}
	// A client trusting the CA file of the first start trusts the second.
	srv := serveTLS(t, cert)
	resp, err := clientTrusting(t, first.CertPath()).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestServerCertificateRenewal issues the server certificate again when a
// host is new or it nears its end, and keeps it otherwise.
func TestServerCertificateRenewal(t *testing.T) {
	clock := time.Now()
	ca, _, err := Open(t.TempDir(), func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	base := []string{"localhost", "127.0.0.1", "::1"}
	tests := []struct {
		name     string
		advance  time.Duration
		hosts    []string
		reissued bool
	}{
		{"first start", 0, base, true},
		{"same hosts", 0, base, false},
		{"fewer hosts", 0, base[:1], false},
		{"a new host", 0, append(base, "emulator.test"), true},
		{"the new host again", 0, append(base, "emulator.test"), false},
		{"near its end", 370 * 24 * time.Hour, append(base, "emulator.test"), true},
	}
	for _, tt := range tests {
		clock = clock.Add(tt.advance)
		cert, reissued, err := ca.ServerCertificate(tt.hosts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if reissued != tt.reissued {
			t.Errorf("%s: reissued %v, want %v", tt.name, reissued, tt.reissued)
		}
		for _, h := range tt.hosts {
			if err := cert.Leaf.VerifyHostname(h); err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
	}
}

// TestKeysAreTheOwnersOnly checks the modes of the state directory and of
// the keys in it.
func TestKeysAreTheOwnersOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	ca, _, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ca.ServerCertificate([]string{"localhost"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{
		".":           dirMode,
		caKeyFile:     keyMode,
		serverKeyFile: keyMode,
		CAFile:        certMode,
		serverFile:    certMode,
	}
	for name, mode := range want {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != mode {
			t.Errorf("%s has mode %o, want %o", name, got, mode)
		}
	}
}

// TestOpenRefusesABrokenCA covers a state directory whose CA cannot be
// used: each stops the start with a message that says what to do.
func TestOpenRefusesABrokenCA(t *testing.T) {
	other := newCA(t)
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string
	}{
		{"key missing", func(t *testing.T, dir string) { remove(t, dir, caKeyFile) }, "incomplete"},
		{"certificate missing", func(t *testing.T, dir string) { remove(t, dir, CAFile) }, "incomplete"},
		{"another CA's key", func(t *testing.T, dir string) {
			copyFile(t, filepath.Join(other.dir, caKeyFile), filepath.Join(dir, caKeyFile))
		}, "is not the key of certificate"},
		{"no PEM in the certificate", func(t *testing.T, dir string) { write(t, dir, CAFile, "garbage") }, "holds no PEM CERTIFICATE block"},
		{"a certificate where the key goes", func(t *testing.T, dir string) { copyFile(t, filepath.Join(dir, CAFile), filepath.Join(dir, caKeyFile)) }, "holds no PEM PRIVATE KEY block"},
		{"unreadable key", func(t *testing.T, dir string) { unreadable(t, filepath.Join(dir, caKeyFile)) }, "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newCA(t).dir
			tt.damage(t, dir)
			_, _, err := Open(dir, nil)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "move the directory away") {
				t.Errorf("Open: %v; want %q and what to do", err, tt.want)
			}
		})
	}
}

// TestOpenRefusesAnExpiredCA moves the clock past the CA's end.
func TestOpenRefusesAnExpiredCA(t *testing.T) {
	dir := newCA(t).dir
	later := time.Now().Add(caLifetime + time.Hour)
	_, _, err := Open(dir, func() time.Time { return later })
	if err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("Open: %v; want the CA expired", err)
	}
}

// TestLoadKeyPair covers the user's own certificate and key.
func TestLoadKeyPair(t *testing.T) {
	ca := newCA(t)
	dir := t.TempDir()
	if _, _, err := ca.ServerCertificate([]string{"localhost"}); err != nil {
		t.Fatal(err)
	}
	cert, key := filepath.Join(ca.dir, serverFile), filepath.Join(ca.dir, serverKeyFile)
	tests := []struct {
		name      string
		cert, key string
		want      string // "" for success
	}{
		{"a pair", cert, key, ""},
		{"the CA's key", cert, filepath.Join(ca.dir, caKeyFile), "is not the key of certificate"},
		{"swapped", key, cert, "holds no PEM CERTIFICATE block"},
		{"no certificate file", filepath.Join(dir, "missing.pem"), key, "read the TLS certificate"},
		{"no key file", cert, filepath.Join(dir, "missing.pem"), "read the TLS key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadKeyPair(tt.cert, tt.key)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("LoadKeyPair: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("LoadKeyPair: %v; want %q", err, tt.want)
			}
		})
	}
}

func remove(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), keyMode); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, keyMode); err != nil {
		t.Fatal(err)
	}
}

// unreadable takes every permission from path; a test run as root reads it
// anyway and is skipped.
func unreadable(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(path); err == nil {
		f.Close()
		t.Skip("this user reads files without permission (root)")
	} else if !errors.Is(err, os.ErrPermission) {
		t.Fatal(err)
	}
}

// TestSigningKeyIsKept creates the token signing key once, mode 0600, and
// reads the same key on the next start.
func TestSigningKeyIsKept(t *testing.T) {
	dir := t.TempDir()
	first, created, err := SigningKey(dir)
	if err != nil || !created {
		t.Fatalf("SigningKey = %v, created %v; want a new key", err, created)
	}
	again, created, err := SigningKey(dir)
	if err != nil || created {
		t.Fatalf("SigningKey again = %v, created %v; want the same key", err, created)
	}
	if !first.Equal(again) {
		t.Error("the second start read another key")
	}
	info, err := os.Stat(filepath.Join(dir, SigningKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != keyMode {
		t.Errorf("mode %o, want %o", info.Mode().Perm(), keyMode)
	}
	write(t, dir, SigningKeyFile, "not a key")
	if _, _, err := SigningKey(dir); err == nil || !strings.Contains(err.Error(), "holds no PEM PRIVATE KEY block") {
		t.Errorf("SigningKey of a damaged file: %v", err)
	}
}
