package identity_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
)

// The registrations of the tests: a writer and a reader with secrets, and
// an app with a certificate, in one tenant.
const (
	tenant       = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	otherTenant  = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"
	writerID     = "11111111-2222-4333-8444-555555555555"
	readerID     = "66666666-7777-4888-9999-aaaaaaaaaaaa"
	certAppID    = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"
	writerSecret = "writer secret with spaces & a colon:"
	readerSecret = "reader-secret"
	graphScope   = "https://graph.microsoft.com/.default"
	testSecret   = "hs256 secret of the identity tests"
)

// keys are the RSA keys of the tests, made once: 2048-bit keys are slow.
var keys = sync.OnceValue(func() [3]*rsa.PrivateKey {
	var out [3]*rsa.PrivateKey
	for i := range out {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		out[i] = k
	}
	return out
})

// signer signs the authority's tokens; certKey is the certificate app's
// key, otherKey a key nobody registered.
func signerKey() *rsa.PrivateKey { return keys()[0] }
func certKey() *rsa.PrivateKey   { return keys()[1] }
func otherKey() *rsa.PrivateKey  { return keys()[2] }

// selfSigned is a certificate of key, as an app's certificate credential
// usually is.
func selfSigned(t testing.TB, key *rsa.PrivateKey) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "automation"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// authority is an emulator serving the authority over loopback HTTP.
type authority struct {
	*httptest.Server
	signer *auth.Signer
	cert   *x509.Certificate // the certificate app's
}

// startAuthority serves the emulator with the test apps; change adjusts
// its configuration.
func startAuthority(t testing.TB, change ...func(*server.Config)) *authority {
	t.Helper()
	signer, err := auth.NewSigner(signerKey())
	if err != nil {
		t.Fatal(err)
	}
	cert := selfSigned(t, certKey())
	cfg := spectest.Config([]byte(testSecret))
	cfg.Auth.AllowAppPermissions = true
	cfg.Authority = &identity.Config{Signer: signer, Apps: []identity.App{
		{Tenant: tenant, ClientID: writerID, DisplayName: "writer", Secret: writerSecret, Permissions: []string{specdoc.WriteScope()}},
		{Tenant: tenant, ClientID: readerID, DisplayName: "reader", Secret: readerSecret, Permissions: []string{specdoc.ReadScope()}},
		{Tenant: tenant, ClientID: certAppID, DisplayName: "certificate", Certificate: cert, Permissions: []string{specdoc.WriteScope()}},
	}}
	for _, f := range change {
		f(&cfg)
	}
	srv, _ := spectest.Emulator(t, cfg)
	return &authority{Server: srv, signer: signer, cert: cert}
}

func (a *authority) tokenURL(tenant string) string {
	return a.URL + "/" + tenant + "/oauth2/v2.0/token"
}

// answer is an answer of the authority, its body decoded as JSON.
type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// post sends a token request: form, form-encoded, with HTTP Basic when
// basic is not nil, and a client-request-id.
func (a *authority) post(t testing.TB, tenant string, form url.Values, basic *[2]string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.tokenURL(tenant), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic != nil {
		req.SetBasicAuth(url.QueryEscape(basic[0]), url.QueryEscape(basic[1]))
	}
	return a.send(t, req)
}

func (a *authority) get(t testing.TB, path string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a.send(t, req)
}

// clientRequestID is the client-request-id every request of the tests
// sends, as MSAL does; Entra answers it as correlation_id.
const clientRequestID = "7d3c1a2b-0000-4000-8000-00000000c0de"

func (a *authority) send(t testing.TB, req *http.Request) answer {
	t.Helper()
	req.Header.Set("client-request-id", clientRequestID)
	resp, err := a.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ans := answer{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	if err := json.Unmarshal(data, &ans.body); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %s", req.Method, req.URL.Path, resp.StatusCode, data)
	}
	return ans
}

// secretForm is a client-credentials request of client with secret.
func secretForm(client, secret string) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {client}, "client_secret": {secret}, "scope": {graphScope}}
}

// assertion is a client assertion of the certificate app, as MSAL Go
// makes it (PS256, x5t#S256 in standard base64, aud the token endpoint);
// each change edits the claims or header before it is signed with key.
type assertion struct {
	method jwt.SigningMethod
	header map[string]any
	claims jwt.MapClaims
	key    any
}

func (a *authority) newAssertion(t testing.TB) *assertion {
	t.Helper()
	now := time.Now()
	sum := sha256.Sum256(a.cert.Raw)
	return &assertion{
		method: jwt.SigningMethodPS256,
		header: map[string]any{"x5t#S256": base64.StdEncoding.EncodeToString(sum[:])},
		claims: jwt.MapClaims{
			"aud": a.tokenURL(tenant), "iss": certAppID, "sub": certAppID,
			"jti": randomID(t), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
		},
		key: certKey(),
	}
}

func (as *assertion) sign(t testing.TB) string {
	t.Helper()
	tok := jwt.NewWithClaims(as.method, as.claims)
	for k, v := range as.header {
		tok.Header[k] = v
	}
	raw, err := tok.SignedString(as.key)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func assertionForm(raw string) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {certAppID}, "scope": {graphScope},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {raw}}
}

func randomID(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// checkEntraError requires Entra's error shape with status, error and the
// AADSTS code, the correlation ids of the request.
func checkEntraError(t testing.TB, got answer, status int, code string, aadsts int) {
	t.Helper()
	if got.status != status || got.body["error"] != code {
		t.Fatalf("got %d %v; want %d %s: %s", got.status, got.body["error"], status, code, got.raw)
	}
	desc, _ := got.body["error_description"].(string)
	prefix := "AADSTS" + itoa(aadsts) + ": "
	if !strings.HasPrefix(desc, prefix) {
		t.Errorf("error_description %q does not start with %q", desc, prefix)
	}
	codes, _ := got.body["error_codes"].([]any)
	if len(codes) != 1 || codes[0] != float64(aadsts) {
		t.Errorf("error_codes %v; want [%d]", got.body["error_codes"], aadsts)
	}
	if got.body["correlation_id"] != clientRequestID {
		t.Errorf("correlation_id %v; want the client-request-id %s", got.body["correlation_id"], clientRequestID)
	}
	if traceID := got.header.Get("request-id"); traceID == "" || got.body["trace_id"] != traceID {
		t.Errorf("trace_id %v; want the request-id %q", got.body["trace_id"], traceID)
	}
	if stamp, _ := got.body["timestamp"].(string); !strings.HasSuffix(stamp, "Z") || !strings.Contains(desc, "Timestamp: "+stamp) {
		t.Errorf("timestamp %q is not the description's: %q", stamp, desc)
	}
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

func rsaPublicKey(n *big.Int, e int) *rsa.PublicKey { return &rsa.PublicKey{N: n, E: e} }
