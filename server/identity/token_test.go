package identity_test

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// with returns a copy of form with name set to value ("" deletes it).
func with(form url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = slices.Clone(v)
	}
	if value == "" {
		out.Del(name)
	} else {
		out.Set(name, value)
	}
	return out
}

// TestTokenErrors covers each refusal of the token endpoint: its status,
// OAuth error and AADSTS code, in Entra's error shape.
func TestTokenErrors(t *testing.T) {
	a := startAuthority(t)
	good := secretForm(writerID, writerSecret)
	tests := []struct {
		name   string
		tenant string
		form   url.Values
		basic  *[2]string
		status int
		code   string
		aadsts int
	}{
		{"unknown tenant", otherTenant, good, nil, 400, "invalid_request", 90002},
		{"a tenant that is no GUID", "contoso.onmicrosoft.com", good, nil, 400, "invalid_request", 90002},
		{"the common endpoint", "common", good, nil, 400, "invalid_request", 9001023},
		{"the organizations endpoint", "organizations", good, nil, 400, "invalid_request", 9001023},
		{"no grant_type", tenant, with(good, "grant_type", ""), nil, 400, "invalid_request", 900144},
		{"a password grant", tenant, with(good, "grant_type", "password"), nil, 400, "unsupported_grant_type", 70003},
		{"an authorization code grant", tenant, with(good, "grant_type", "authorization_code"), nil, 400, "unsupported_grant_type", 70003},
		{"no client_id", tenant, with(good, "client_id", ""), nil, 400, "invalid_request", 900144},
		{"unknown client", tenant, with(good, "client_id", "00000000-0000-4000-8000-000000000000"), nil, 400, "unauthorized_client", 700016},
		{"a client of another tenant's id", tenant, with(good, "client_id", otherTenant), nil, 400, "unauthorized_client", 700016},
		{"wrong secret", tenant, with(good, "client_secret", "not it"), nil, 401, "invalid_client", 7000215},
		{"another app's secret", tenant, with(good, "client_secret", readerSecret), nil, 401, "invalid_client", 7000215},
		{"a secret to an app with a certificate only", tenant, secretForm(certAppID, writerSecret), nil, 401, "invalid_client", 7000215},
		{"wrong secret in Basic", tenant, with(with(good, "client_secret", ""), "client_id", ""), &[2]string{writerID, "not it"}, 401, "invalid_client", 7000215},
		{"no credential", tenant, with(good, "client_secret", ""), nil, 401, "invalid_client", 7000218},
		{"Basic names another client", tenant, with(good, "client_secret", ""), &[2]string{readerID, readerSecret}, 400, "invalid_request", 90100},
		{"secret and assertion", tenant, with(good, "client_assertion", "x.y.z"), nil, 400, "invalid_request", 90100},
		{"an assertion of another type", tenant, with(with(with(good, "client_secret", ""), "client_assertion", "x.y.z"), "client_assertion_type", "urn:other"), nil, 400, "invalid_request", 90100},
		{"no scope", tenant, with(good, "scope", ""), nil, 400, "invalid_request", 900144},
		{"a delegated scope", tenant, with(good, "scope", "DeviceManagementServiceConfig.ReadWrite.All"), nil, 400, "invalid_scope", 1002012},
		{"a Graph scope that is not .default", tenant, with(good, "scope", "https://graph.microsoft.com/User.Read"), nil, 400, "invalid_scope", 1002012},
		{"OpenID scopes only", tenant, with(good, "scope", "openid offline_access profile"), nil, 400, "invalid_scope", 1002012},
		{"another resource", tenant, with(good, "scope", "https://management.azure.com/.default"), nil, 400, "invalid_resource", 500011},
		{"two resources", tenant, with(good, "scope", graphScope+" https://management.azure.com/.default"), nil, 400, "invalid_scope", 70011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntraError(t, a.post(t, tt.tenant, tt.form, tt.basic), tt.status, tt.code, tt.aadsts)
		})
	}
}

// TestTokenRequestThatIsNoForm sends JSON and a GET: Entra reads neither.
func TestTokenRequestThatIsNoForm(t *testing.T) {
	a := startAuthority(t)
	body, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": writerID, "client_secret": writerSecret, "scope": graphScope})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.tokenURL(tenant), strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	checkEntraError(t, a.send(t, req), 400, "invalid_request", 900144)

	got := a.get(t, "/"+tenant+"/oauth2/v2.0/token")
	checkEntraError(t, got, 405, "invalid_request", 900561)
	if got.header.Get("Allow") != http.MethodPost {
		t.Errorf("Allow %q; want POST", got.header.Get("Allow"))
	}
}

// TestAssertionErrors covers each way a client assertion is refused.
func TestAssertionErrors(t *testing.T) {
	a := startAuthority(t)
	other := selfSigned(t, otherKey())
	otherSum := sha256.Sum256(other.Raw)
	tests := []struct {
		name   string
		edit   func(*assertion)
		raw    string // sent instead of the signed assertion, when set
		aadsts int
	}{
		{"not a JWT", nil, "not-a-jwt", 50027},
		{"signed by an unregistered certificate", func(as *assertion) {
			as.header["x5t#S256"] = base64.RawURLEncoding.EncodeToString(otherSum[:])
			as.key = otherKey()
		}, "", 700027},
		{"the registered thumbprint, signed by another key", func(as *assertion) { as.key = otherKey() }, "", 700027},
		{"no thumbprint", func(as *assertion) { delete(as.header, "x5t#S256") }, "", 700027},
		{"HS256", func(as *assertion) { as.method, as.key = jwt.SigningMethodHS256, []byte("shared") }, "", 700027},
		{"for another token endpoint", func(as *assertion) { as.claims["aud"] = a.tokenURL(otherTenant) }, "", 700023},
		{"for another host", func(as *assertion) {
			as.claims["aud"] = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"
		}, "", 700023},
		{"issued by another client", func(as *assertion) { as.claims["iss"] = writerID }, "", 700021},
		{"about another client", func(as *assertion) { as.claims["sub"] = writerID }, "", 700021},
		{"expired", func(as *assertion) { as.claims["exp"] = time.Now().Add(-time.Minute).Unix() }, "", 700024},
		{"not yet valid", func(as *assertion) { as.claims["nbf"] = time.Now().Add(time.Hour).Unix() }, "", 700024},
		{"without exp", func(as *assertion) { delete(as.claims, "exp") }, "", 700024},
		{"without jti", func(as *assertion) { delete(as.claims, "jti") }, "", 50013},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.raw
			if raw == "" {
				as := a.newAssertion(t)
				tt.edit(as)
				raw = as.sign(t)
			}
			checkEntraError(t, a.post(t, tenant, assertionForm(raw), nil), 401, "invalid_client", tt.aadsts)
		})
	}
}

// TestAssertionIsUsedOnce redeems one client assertion twice: the second
// time is a replay.
func TestAssertionIsUsedOnce(t *testing.T) {
	a := startAuthority(t)
	raw := a.newAssertion(t).sign(t)
	if got := a.post(t, tenant, assertionForm(raw), nil); got.status != http.StatusOK {
		t.Fatalf("first use: %d %s", got.status, got.raw)
	}
	checkEntraError(t, a.post(t, tenant, assertionForm(raw), nil), 401, "invalid_client", 50013)
}

// TestTokenIssued covers the requests that get a token: a secret in the
// form or in HTTP Basic, and client assertions as each MSAL signs them,
// with the scopes MSAL adds; each token verifies with the JWKS key and
// carries the app's identity and permissions.
func TestTokenIssued(t *testing.T) {
	a := startAuthority(t)
	sha1Sum := sha1.Sum(a.cert.Raw)
	sha256Sum := sha256.Sum256(a.cert.Raw)
	assertionOf := func(edit func(*assertion)) func(t *testing.T) url.Values {
		return func(t *testing.T) url.Values {
			as := a.newAssertion(t)
			if edit != nil {
				edit(as)
			}
			return assertionForm(as.sign(t))
		}
	}
	form := func(f url.Values) func(*testing.T) url.Values { return func(*testing.T) url.Values { return f } }
	tests := []struct {
		name   string
		tenant string
		form   func(*testing.T) url.Values
		basic  *[2]string
		app    string
		roles  []string
		acr    string
	}{
		{"secret in the form", tenant, form(secretForm(writerID, writerSecret)), nil, writerID, []string{specdoc.WriteScope()}, "1"},
		{"reader's secret", tenant, form(secretForm(readerID, readerSecret)), nil, readerID, []string{specdoc.ReadScope()}, "1"},
		{"secret in Basic", tenant, form(with(with(secretForm(writerID, ""), "client_secret", ""), "client_id", "")), &[2]string{writerID, writerSecret}, writerID, []string{specdoc.WriteScope()}, "1"},
		{"tenant and client in upper case", strings.ToUpper(tenant), form(secretForm(strings.ToUpper(writerID), writerSecret)), nil, writerID, []string{specdoc.WriteScope()}, "1"},
		{"MSAL Go's scopes and claims", tenant, form(with(with(secretForm(writerID, writerSecret), "scope", graphScope+" openid offline_access profile"), "claims", `{"access_token":{"xms_cc":{"values":["CP1"]}}}`)), nil, writerID, []string{specdoc.WriteScope()}, "1"},
		{"Graph by its application id", tenant, form(with(secretForm(writerID, writerSecret), "scope", "00000003-0000-0000-c000-000000000000/.default")), nil, writerID, []string{specdoc.WriteScope()}, "1"},
		{"Graph with a double slash", tenant, form(with(secretForm(writerID, writerSecret), "scope", "https://graph.microsoft.com//.default")), nil, writerID, []string{specdoc.WriteScope()}, "1"},
		{"assertion as MSAL Go signs it", tenant, assertionOf(nil), nil, certAppID, []string{specdoc.WriteScope()}, "2"},
		{"assertion with x5t#S256 in base64url", tenant, assertionOf(func(as *assertion) {
			as.header["x5t#S256"] = base64.RawURLEncoding.EncodeToString(sha256Sum[:])
		}), nil, certAppID, []string{specdoc.WriteScope()}, "2"},
		{"assertion signed RS256 with x5t", tenant, assertionOf(func(as *assertion) {
			as.method = jwt.SigningMethodRS256
			as.header = map[string]any{"x5t": base64.RawURLEncoding.EncodeToString(sha1Sum[:])}
		}), nil, certAppID, []string{specdoc.WriteScope()}, "2"},
		{"assertion for the v2.0 issuer", tenant, assertionOf(func(as *assertion) { as.claims["aud"] = a.URL + "/" + tenant + "/v2.0" }), nil, certAppID, []string{specdoc.WriteScope()}, "2"},
		{"assertion with aud as an array", tenant, assertionOf(func(as *assertion) { as.claims["aud"] = []string{a.tokenURL(tenant)} }), nil, certAppID, []string{specdoc.WriteScope()}, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := a.post(t, tt.tenant, tt.form(t), tt.basic)
			if got.status != http.StatusOK {
				t.Fatalf("%d %s", got.status, got.raw)
			}
			if got.body["token_type"] != "Bearer" || got.body["expires_in"] != float64(3599) || got.body["ext_expires_in"] != float64(3599) {
				t.Errorf("token_type %v, expires_in %v, ext_expires_in %v; want Bearer, 3599, 3599", got.body["token_type"], got.body["expires_in"], got.body["ext_expires_in"])
			}
			if cc := got.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("Cache-Control %q; want no-store", cc)
			}
			claims := a.verifyWithJWKS(t, got.body["access_token"].(string))
			want := map[string]any{"aud": "https://graph.microsoft.com", "tid": tenant, "appid": tt.app, "idtyp": "app",
				"appidacr": tt.acr, "iss": "https://sts.windows.net/" + tenant + "/"}
			for name, v := range want {
				if claims[name] != v {
					t.Errorf("%s = %v, want %v", name, claims[name], v)
				}
			}
			var roles []string
			for _, r := range claims["roles"].([]any) {
				roles = append(roles, r.(string))
			}
			if !slices.Equal(roles, tt.roles) {
				t.Errorf("roles %v, want %v", roles, tt.roles)
			}
			if oid, _ := claims["oid"].(string); oid == "" || claims["scp"] != nil {
				t.Errorf("oid %v, scp %v; want an oid and no scp", claims["oid"], claims["scp"])
			}
		})
	}
}

// verifyWithJWKS verifies raw with the key the tenant's JWKS publishes
// under the token's kid, as a resource server would, and returns its
// claims.
func (a *authority) verifyWithJWKS(t *testing.T, raw string) jwt.MapClaims {
	t.Helper()
	set := a.get(t, "/"+tenant+"/discovery/v2.0/keys")
	keys, _ := set.body["keys"].([]any)
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired()).ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		for _, k := range keys {
			jwk := k.(map[string]any)
			if jwk["kid"] == tok.Header["kid"] {
				return rsaKey(t, jwk), nil
			}
		}
		t.Fatalf("no key %v in the JWKS %s", tok.Header["kid"], set.raw)
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return claims
}

func rsaKey(t *testing.T, jwk map[string]any) any {
	t.Helper()
	n, err := base64.RawURLEncoding.DecodeString(jwk["n"].(string))
	if err != nil {
		t.Fatal(err)
	}
	e, err := base64.RawURLEncoding.DecodeString(jwk["e"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return rsaPublicKey(new(big.Int).SetBytes(n), int(new(big.Int).SetBytes(e).Int64()))
}
