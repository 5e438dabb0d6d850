package interop

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// mode is one way automation reaches the emulator; every test runs in
// each, a process of its own whose environment is the mode's from its
// start, as a shell would give it.
type mode struct {
	name string
	what string // for the summary line
	// env is the mode's environment beyond the process's own.
	env func(info emulatorInfo) []string
}

// The modes: static tokens over plain HTTP, as before; Azure's credential
// classes with the emulator as their authority over HTTPS, trusting its CA
// by SSL_CERT_FILE or, for the certificate, by a transport in code; and the
// proxy, with no configuration in code at all.
var modes = []mode{
	{"http", "static tokens over plain HTTP", nil},
	{"https", "azidentity.ClientSecretCredential, the emulator as authority over HTTPS, SSL_CERT_FILE", func(info emulatorInfo) []string {
		return []string{"SSL_CERT_FILE=" + info.CA}
	}},
	{"certificate", "azidentity.ClientCertificateCredential, the emulator as authority over HTTPS, the CA in a transport", nil},
	{"proxy", "NewGraphServiceClientWithCredentials and a public-cloud ClientSecretCredential, HTTPS_PROXY and SSL_CERT_FILE only", func(info emulatorInfo) []string {
		return []string{"HTTPS_PROXY=" + info.proxy, "SSL_CERT_FILE=" + info.CA}
	}},
}

// The tenant of the apps the runs authenticate as.
const interopTenant = "3f2c0b6e-8d41-4c9a-b7e5-2a1d9c6f4e80"

// appKey names an app of the apps file: its role and its credential.
func appKey(r role, credential string) string { return string(r) + "-" + credential }

// runModes starts the emulator once and runs the tests in each mode
// against it, emptying it between modes; it prints each mode's counts, and
// the output of a mode that failed (of every mode when
// INTUNE_INTEROP_VERBOSE is set).
func runModes() (int, error) {
	facts, err := loadSpecFacts(specPath)
	if err != nil {
		return 0, err
	}
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
	logPath := cmp.Or(os.Getenv("INTUNE_INTEROP_LOG"), filepath.Join(dir, "emulator.log"))

	info := emulatorInfo{Tenant: interopTenant, Apps: map[string]appReg{}}
	fixtures, err := writeFixtures(dir, &info)
	if err != nil {
		return 0, err
	}
	appsFile, err := writeApps(dir, &info, facts)
	if err != nil {
		return 0, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return 0, err
	}
	env := emulatorEnv("INTUNE_EMULATOR_HS256_SECRET=" + hex.EncodeToString(secret))
	e, err := startEmulator(bin, dir, logPath, env, "-fixtures", fixtures, "-apps", appsFile)
	if err != nil {
		return 0, err
	}
	code, err := runEach(e, info, bin, env, facts, dir)
	if stopErr := e.stop(); err == nil {
		err = stopErr
	}
	if code != 0 && os.Getenv("INTUNE_INTEROP_LOG") != "" {
		fmt.Fprintln(os.Stderr, "interop: the emulator's log is in", logPath)
	}
	return code, err
}

func runEach(e *running, info emulatorInfo, bin string, env []string, facts specFacts, dir string) (int, error) {
	var err error
	if info.ReadWrite, err = mintToken(bin, env, facts.readWriteScope); err != nil {
		return 0, err
	}
	if info.ReadOnly, err = mintToken(bin, env, facts.readOnlyScope); err != nil {
		return 0, err
	}
	info.CA = filepath.Join(dir, "state", "ca.pem")
	info.Authority = "https://" + e.addrs["serving https"]
	info.proxy = "http://" + e.addrs["serving proxy"]
	verbose := os.Getenv("INTUNE_INTEROP_VERBOSE") != ""
	code := 0
	for _, m := range modes {
		if err := e.reset(); err != nil {
			return 0, err
		}
		info.Mode = m.name
		switch m.name {
		case "http":
			info.BaseURL = "http://" + e.addrs["serving"] + "/beta"
		case "proxy":
			// The SDK's own default.
			info.BaseURL = "https://graph.microsoft.com/beta"
		default:
			info.BaseURL = "https://" + e.addrs["serving https"] + "/beta"
		}
		attach, err := json.Marshal(info)
		if err != nil {
			return 0, err
		}
		runEnv := append(environWithout("INTUNE_EMULATOR_", attachVar, "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"),
			attachVar+"="+string(attach))
		if m.env != nil {
			runEnv = append(runEnv, m.env(info)...)
		}
		out, runErr := runTests(runEnv)
		passed, failed, skipped := countResults(out)
		counts := fmt.Sprintf("%d passed, %d failed", passed, failed)
		if skipped > 0 {
			counts += fmt.Sprintf(", %d skipped", skipped)
		}
		fmt.Printf("interop %s (%s): %s\n", m.name, m.what, counts)
		// A run that ran no test at all failed to start.
		bad := runErr != nil || failed > 0 || passed+skipped == 0
		if bad || verbose {
			os.Stdout.Write(out)
		}
		if bad {
			code = 1
		}
	}
	return code, nil
}

// passedOn are the flags of go test that each run is given too.
var passedOn = []string{"-test.run=", "-test.skip=", "-test.timeout=", "-test.count=", "-test.short", "-test.failfast", "-test.paniconexit0"}

// runTests runs this test binary again, verbose, with the flags it was
// given that select and bound tests, and env, and returns its output.
func runTests(env []string) ([]byte, error) {
	args := []string{"-test.v=true"}
	for _, a := range os.Args[1:] {
		for _, p := range passedOn {
			if strings.HasPrefix(a, p) {
				args = append(args, a)
			}
		}
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

var resultLine = regexp.MustCompile(`(?m)^\s*--- (PASS|FAIL|SKIP): (\S+)`)

// countResults counts the tests and subtests of verbose output that have
// no subtests of their own.
func countResults(out []byte) (passed, failed, skipped int) {
	results := map[string]string{}
	for _, m := range resultLine.FindAllSubmatch(out, -1) {
		results[string(m[2])] = string(m[1])
	}
	for name, result := range results {
		leaf := true
		for other := range results {
			if strings.HasPrefix(other, name+"/") {
				leaf = false
				break
			}
		}
		if !leaf {
			continue
		}
		switch result {
		case "PASS":
			passed++
		case "FAIL":
			failed++
		default:
			skipped++
		}
	}
	return passed, failed, skipped
}

// writeFixtures writes the emulator's known configurations, in Graph's list
// shape, and keeps their ids in info.
func writeFixtures(dir string, info *emulatorInfo) (string, error) {
	type configuration struct {
		ID string `json:"id"`
	}
	var fixtures struct {
		Value []configuration `json:"value"`
	}
	for i := range configurationCount {
		id := fmt.Sprintf("8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_Interop%02d", i)
		info.Configurations = append(info.Configurations, id)
		fixtures.Value = append(fixtures.Value, configuration{ID: id})
	}
	data, err := json.Marshal(fixtures)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "fixtures.json")
	return path, os.WriteFile(path, data, 0o600)
}

// writeApps registers, in an apps file, a writer and a reader that
// authenticate with a secret, and a writer and a reader that authenticate
// with a certificate, and keeps their credentials in info.
func writeApps(dir string, info *emulatorInfo, facts specFacts) (string, error) {
	certPEM, err := newCertificate()
	if err != nil {
		return "", err
	}
	certFile := filepath.Join(dir, "automation.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		return "", err
	}
	type app struct {
		Tenant      string   `json:"tenant"`
		ClientID    string   `json:"clientId"`
		DisplayName string   `json:"displayName"`
		Secret      string   `json:"secret,omitempty"`
		Certificate string   `json:"certificate,omitempty"`
		Permissions []string `json:"permissions"`
	}
	var file struct {
		Apps []app `json:"apps"`
	}
	for _, r := range []role{writer, reader} {
		permission := facts.readWriteScope
		if r == reader {
			permission = facts.readOnlyScope
		}
		for _, credential := range []string{"secret", "certificate"} {
			a := app{Tenant: interopTenant, ClientID: uuid.NewString(), DisplayName: "interop " + appKey(r, credential), Permissions: []string{permission}}
			reg := appReg{ClientID: a.ClientID}
			if credential == "secret" {
				a.Secret = uuid.NewString()
				reg.Secret = a.Secret
			} else {
				a.Certificate, reg.CertPEM = certFile, string(certPEM)
			}
			file.Apps = append(file.Apps, a)
			info.Apps[appKey(r, credential)] = reg
		}
	}
	data, err := json.Marshal(file)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "apps.json")
	return path, os.WriteFile(path, data, 0o600)
}

// newCertificate is a self-signed certificate and its key, in one PEM, as
// automation keeps its certificate credential.
func newCertificate() ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "intune interop automation"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...), nil
}
