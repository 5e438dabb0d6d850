package identity

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// openIDConfiguration is the part of Entra's OpenID configuration that
// the MSALs read (MSAL Go: authorization_endpoint, token_endpoint and an
// issuer of the authority's scheme and host; MSAL Node: jwks_uri too;
// MSAL Python: a token_endpoint whose first segment is the tenant), and
// what the authority really supports.
type openIDConfiguration struct {
	Issuer                       string   `json:"issuer"`
	AuthorizationEndpoint        string   `json:"authorization_endpoint"`
	TokenEndpoint                string   `json:"token_endpoint"`
	JWKSURI                      string   `json:"jwks_uri"`
	TokenEndpointAuthMethods     []string `json:"token_endpoint_auth_methods_supported"`
	TokenEndpointAuthSigningAlgs []string `json:"token_endpoint_auth_signing_alg_values_supported"`
	GrantTypes                   []string `json:"grant_types_supported"`
	ResponseTypes                []string `json:"response_types_supported"`
	SubjectTypes                 []string `json:"subject_types_supported"`
	IDTokenSigningAlgs           []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported              []string `json:"scopes_supported"`
	CloudInstanceName            string   `json:"cloud_instance_name"`
	MSGraphHost                  string   `json:"msgraph_host"`
}

// tenantPlaceholder stands for the tenant in the issuer of a tenantless
// configuration, as in Entra's.
const tenantPlaceholder = "{tenantid}"

// openIDConfiguration answers GET /{tenant}/v2.0/.well-known/openid-configuration,
// its URLs on the scheme and host the client called.
func (a *Authority) openIDConfiguration(c echo.Context) error {
	name := c.Param("tenant")
	id, _, ok := a.tenant(name)
	issuerTenant := id
	switch {
	case tenantless[id]:
		issuerTenant = tenantPlaceholder
	case !ok:
		return unknownTenantDiscovery(name)
	}
	origin := graphhttp.Origin(c)
	base := origin + "/" + id
	return c.JSON(http.StatusOK, openIDConfiguration{
		Issuer:                       origin + "/" + issuerTenant + "/v2.0",
		AuthorizationEndpoint:        base + "/oauth2/v2.0/authorize",
		TokenEndpoint:                base + "/oauth2/v2.0/token",
		JWKSURI:                      base + "/discovery/v2.0/keys",
		TokenEndpointAuthMethods:     []string{"client_secret_post", "client_secret_basic", "private_key_jwt"},
		TokenEndpointAuthSigningAlgs: assertionAlgorithms,
		GrantTypes:                   []string{"client_credentials"},
		ResponseTypes:                []string{"token"},
		SubjectTypes:                 []string{"pairwise"},
		IDTokenSigningAlgs:           []string{"RS256"},
		ScopesSupported:              []string{"openid", "profile", "email", "offline_access"},
		CloudInstanceName:            hostOf(origin),
		MSGraphHost:                  "graph.microsoft.com",
	})
}

// jwks is the body of the jwks_uri.
type jwks struct {
	Keys []auth.JWK `json:"keys"`
}

// signingKeys answers GET /{tenant}/discovery/v2.0/keys: the key that
// signs every tenant's tokens.
func (a *Authority) signingKeys(c echo.Context) error {
	name := c.Param("tenant")
	if id, _, ok := a.tenant(name); !ok && !tenantless[id] {
		return unknownTenantDiscovery(name)
	}
	return c.JSON(http.StatusOK, jwks{Keys: []auth.JWK{a.signer.JWK()}})
}

// instanceDiscoveryResponse is Entra's answer to instance discovery.
type instanceDiscoveryResponse struct {
	TenantDiscoveryEndpoint string             `json:"tenant_discovery_endpoint"`
	APIVersion              string             `json:"api-version"`
	Metadata                []instanceMetadata `json:"metadata"`
}

type instanceMetadata struct {
	PreferredNetwork string   `json:"preferred_network"`
	PreferredCache   string   `json:"preferred_cache"`
	Aliases          []string `json:"aliases"`
}

// instanceDiscovery answers GET /common/discovery/instance?authorization_endpoint=...:
// the authority knows itself, under the host the client called, and no
// other instance.
func (a *Authority) instanceDiscovery(c echo.Context) error {
	raw := c.QueryParam("authorization_endpoint")
	if raw == "" {
		return newError(http.StatusBadRequest, "invalid_request", 50050, "The request is malformed: the query must contain 'authorization_endpoint'.")
	}
	origin := graphhttp.Origin(c)
	host := hostOf(origin)
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Host, host) {
		return newError(http.StatusBadRequest, "invalid_instance", 50049, "Unknown or invalid instance: %s. This authority answers for %s only.", raw, host)
	}
	tenant, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if tenant == "" {
		tenant = "common"
	}
	return c.JSON(http.StatusOK, instanceDiscoveryResponse{
		TenantDiscoveryEndpoint: origin + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		APIVersion:              "1.1",
		Metadata:                []instanceMetadata{{PreferredNetwork: host, PreferredCache: host, Aliases: []string{host}}},
	})
}

// hostOf is the host[:port] of an origin.
func hostOf(origin string) string {
	_, host, _ := strings.Cut(origin, "://")
	return host
}
