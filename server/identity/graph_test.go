package identity_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
)

// createBody is the Create page's example body.
const createBody = `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`

// graphCall sends an operation of the API with token and returns the
// status.
func (a *authority) graphCall(t *testing.T, method, token string) int {
	t.Helper()
	var body string
	if method == http.MethodPost {
		body = createBody
	}
	req, err := http.NewRequestWithContext(t.Context(), method, a.URL+"/beta"+specdoc.AssignmentsPath(spectest.ExampleConfig), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// issue gets a token for client with secret.
func (a *authority) issue(t *testing.T, client, secret string) string {
	t.Helper()
	got := a.post(t, tenant, secretForm(client, secret), nil)
	if got.status != http.StatusOK {
		t.Fatalf("token for %s: %d %s", client, got.status, got.raw)
	}
	return got.body["access_token"].(string)
}

// TestIssuedTokensOnTheGraphRoutes calls the API with the authority's
// tokens: each app may do exactly what its permissions grant, and tokens
// that the authority did not sign, or for another audience, are refused
// as before.
func TestIssuedTokensOnTheGraphRoutes(t *testing.T) {
	a := startAuthority(t)
	writer := a.issue(t, writerID, writerSecret)
	reader := a.issue(t, readerID, readerSecret)
	forged, err := auth.MintToken(auth.TokenOptions{Roles: []string{specdoc.WriteScope()}, TenantID: tenant, AppID: writerID, AppOnly: true,
		RS256PrivateKey: otherKey(), KeyID: a.signer.JWK().KeyID})
	if err != nil {
		t.Fatal(err)
	}
	otherAudience, err := a.signer.Mint(auth.TokenOptions{Roles: []string{specdoc.WriteScope()}, TenantID: tenant, AppID: writerID, AppOnly: true,
		Audience: "https://management.azure.com"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		method string
		token  string
		want   int
	}{
		{"the writer creates", http.MethodPost, writer, http.StatusCreated},
		{"the writer lists", http.MethodGet, writer, http.StatusOK},
		{"the reader lists", http.MethodGet, reader, http.StatusOK},
		{"the reader may not create", http.MethodPost, reader, http.StatusForbidden},
		{"a token signed by another key under the authority's kid", http.MethodGet, forged, http.StatusUnauthorized},
		{"the authority's key, for another audience", http.MethodGet, otherAudience, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.graphCall(t, tt.method, tt.token); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
}

// TestIssuedTokensWithoutAppPermissions serves the authority with
// application permissions refused, as the seed's page has it: the app's
// token is then refused with 403 like any app-only token.
func TestIssuedTokensWithoutAppPermissions(t *testing.T) {
	a := startAuthority(t, func(c *server.Config) { c.Auth.AllowAppPermissions = false })
	if got := a.graphCall(t, http.MethodGet, a.issue(t, writerID, writerSecret)); got != http.StatusForbidden {
		t.Errorf("status %d, want 403", got)
	}
}
