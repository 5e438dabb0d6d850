package identity_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestOpenIDConfiguration reads each tenant's configuration: its URLs are
// on the scheme and host the client called, with what each MSAL requires
// (issuer on the authority's host, token_endpoint with the tenant,
// jwks_uri), and a tenantless one has Entra's placeholder issuer.
func TestOpenIDConfiguration(t *testing.T) {
	a := startAuthority(t)
	tests := []struct {
		tenant string
		issuer string
		base   string
	}{
		{tenant, a.URL + "/" + tenant + "/v2.0", a.URL + "/" + tenant},
		{"common", a.URL + "/{tenantid}/v2.0", a.URL + "/common"},
		{"organizations", a.URL + "/{tenantid}/v2.0", a.URL + "/organizations"},
	}
	for _, tt := range tests {
		t.Run(tt.tenant, func(t *testing.T) {
			got := a.get(t, "/"+tt.tenant+"/v2.0/.well-known/openid-configuration")
			if got.status != http.StatusOK {
				t.Fatalf("%d %s", got.status, got.raw)
			}
			want := map[string]string{
				"issuer":                 tt.issuer,
				"authorization_endpoint": tt.base + "/oauth2/v2.0/authorize",
				"token_endpoint":         tt.base + "/oauth2/v2.0/token",
				"jwks_uri":               tt.base + "/discovery/v2.0/keys",
			}
			for name, v := range want {
				if got.body[name] != v {
					t.Errorf("%s = %v, want %s", name, got.body[name], v)
				}
			}
		})
	}
	checkEntraError(t, a.get(t, "/"+otherTenant+"/v2.0/.well-known/openid-configuration"), 400, "invalid_tenant", 90002)
}

// TestSigningKeys reads the JWKS: one RSA signing key, under the kid of
// the authority's tokens.
func TestSigningKeys(t *testing.T) {
	a := startAuthority(t)
	for _, path := range []string{"/" + tenant + "/discovery/v2.0/keys", "/common/discovery/v2.0/keys"} {
		got := a.get(t, path)
		keys, _ := got.body["keys"].([]any)
		if got.status != http.StatusOK || len(keys) != 1 {
			t.Fatalf("%s: %d %s; want one key", path, got.status, got.raw)
		}
		k := keys[0].(map[string]any)
		if k["kid"] != a.signer.JWK().KeyID || k["kty"] != "RSA" || k["use"] != "sig" {
			t.Errorf("%s: key %v; want the signer's RSA signing key", path, k)
		}
	}
	checkEntraError(t, a.get(t, "/"+otherTenant+"/discovery/v2.0/keys"), 400, "invalid_tenant", 90002)
}

// TestInstanceDiscovery asks for the authority's own instance and others.
func TestInstanceDiscovery(t *testing.T) {
	a := startAuthority(t)
	ask := func(endpoint string) answer {
		q := url.Values{"api-version": {"1.1"}}
		if endpoint != "" {
			q.Set("authorization_endpoint", endpoint)
		}
		return a.get(t, "/common/discovery/instance?"+q.Encode())
	}
	got := ask(a.URL + "/" + tenant + "/oauth2/v2.0/authorize")
	if got.status != http.StatusOK || got.body["tenant_discovery_endpoint"] != a.URL+"/"+tenant+"/v2.0/.well-known/openid-configuration" {
		t.Errorf("own instance: %d %s", got.status, got.raw)
	}
	checkEntraError(t, ask("https://login.example.com/"+tenant+"/oauth2/v2.0/authorize"), 400, "invalid_instance", 50049)
	checkEntraError(t, ask(""), 400, "invalid_request", 50050)
}
