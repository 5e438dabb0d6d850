package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
)

// TestTokensAccepted covers the tokens that must get through: both
// signature algorithms, every Graph audience, and each operation with the
// permissions its page lists.
func TestTokensAccepted(t *testing.T) {
	emu := startEmulator(t)
	list := spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig)}
	create := spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: seedBody(t, "seed-create-request.json")}
	tests := []struct {
		name string
		tok  auth.TokenOptions
		req  spectest.Request
		want int
	}{
		{"HS256", auth.TokenOptions{Scopes: []string{readWrite}}, list, http.StatusOK},
		{"RS256", auth.TokenOptions{Scopes: []string{readWrite}, RS256PrivateKey: rsaKey()}, list, http.StatusOK},
		{"audience as the app id", auth.TokenOptions{Scopes: []string{readWrite}, Audience: "00000003-0000-0000-c000-000000000000"}, list, http.StatusOK},
		{"audience with a trailing slash", auth.TokenOptions{Scopes: []string{readWrite}, Audience: "https://graph.microsoft.com/"}, list, http.StatusOK},
		{"read scope reads", auth.TokenOptions{Scopes: []string{readOnly}}, list, http.StatusOK},
		{"one scope among others", auth.TokenOptions{Scopes: []string{"User.Read", readWrite, "openid"}}, create, http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Token = token(t, tt.tok)
			if resp := emu.do(t, tt.req); resp.Status != tt.want {
				t.Errorf("status %d, want %d: %s", resp.Status, tt.want, resp.Body)
			}
		})
	}
}

// TestAppPermissions turns on application permissions: app-only tokens are
// then checked against their roles, with the application permissions the
// current Graph pages list.
func TestAppPermissions(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.Auth.AllowAppPermissions = true })
	list := spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig)}
	create := spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: seedBody(t, "seed-create-request.json")}
	tests := []struct {
		name    string
		roles   []string
		req     spectest.Request
		want    int
		message string
	}{
		{"ReadWrite.All writes", []string{readWrite}, create, http.StatusCreated, ""},
		{"Read.All reads", []string{readOnly}, list, http.StatusOK, ""},
		{"DeviceManagementConfiguration.Read.All reads", []string{"DeviceManagementConfiguration.Read.All"}, list, http.StatusOK, ""},
		{"Read.All does not write", []string{readOnly}, create, http.StatusForbidden, "Missing role permissions on the request. API requires one of: DeviceManagementServiceConfig.ReadWrite.All."},
		{"DeviceManagementConfiguration.Read.All does not write", []string{"DeviceManagementConfiguration.Read.All"}, create, http.StatusForbidden, "Missing role permissions"},
		{"an unrelated role", []string{"User.Read.All"}, list, http.StatusForbidden, "DeviceManagementConfiguration.Read.All"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Token = token(t, auth.TokenOptions{Roles: tt.roles})
			resp := emu.do(t, tt.req)
			if tt.want == http.StatusForbidden {
				ge := checkGraphError(t, resp, tt.want, "Forbidden")
				if !strings.Contains(ge.Error.Message, tt.message) {
					t.Errorf("message %q, want it to contain %q", ge.Error.Message, tt.message)
				}
				return
			}
			if resp.Status != tt.want {
				t.Errorf("status %d, want %d: %s", resp.Status, tt.want, resp.Body)
			}
		})
	}
}

// TestAuthConfigNeedsAKey refuses to build an emulator that no token could
// pass.
func TestAuthConfigNeedsAKey(t *testing.T) {
	cfg := testConfig(&syncBuffer{})
	cfg.Auth = auth.Config{}
	if _, err := server.NewEcho(cfg); err == nil {
		t.Fatal("New without a token key succeeded")
	}
}

// TestEveryOperationIsGuarded sends each operation of the spec, with its
// first request example, without a token and then with a token that lacks
// its permission: every one is refused, so no operation was registered
// without the authentication and validation chain.
func TestEveryOperationIsGuarded(t *testing.T) {
	emu := startEmulator(t)
	ops := specdoc.Operations(spectest.Spec().Doc)
	if len(ops) == 0 {
		t.Fatal("the spec has no operations")
	}
	for _, op := range ops {
		t.Run(op.OperationID, func(t *testing.T) {
			path, err := op.ExamplePath(nil)
			if err != nil {
				t.Fatal(err)
			}
			req := spectest.Request{Method: op.Method, Path: "/beta" + path}
			if exs := op.RequestExamples(); len(exs) > 0 {
				req.Body = exs[0].Value
			}
			checkGraphError(t, emu.do(t, req), http.StatusUnauthorized, "InvalidAuthenticationToken")
			req.Token = token(t, auth.TokenOptions{Scopes: []string{"User.Read"}})
			if asksForPermissions(op) {
				checkGraphError(t, emu.do(t, req), http.StatusForbidden, "Forbidden")
				return
			}
			// The batch takes any valid token; each of its requests is
			// refused, or not run when it depends on one.
			resp := emu.do(t, req)
			answers, err := spectest.BatchAnswers(resp)
			if err != nil || resp.Status != http.StatusOK {
				t.Fatalf("status %d, %v: %s", resp.Status, err, resp.Body)
			}
			refused := 0
			for id, a := range answers {
				switch a.Status {
				case http.StatusForbidden:
					refused++
					checkGraphError(t, a, http.StatusForbidden, "Forbidden")
				case http.StatusFailedDependency:
				default:
					t.Errorf("request %s answered %d, want 403 (or 424)", id, a.Status)
				}
			}
			if refused == 0 {
				t.Errorf("no request of the batch was refused: %s", resp.Body)
			}
		})
	}
}

// TestContentTypeParameters accepts JSON with a charset parameter.
func TestContentTypeParameters(t *testing.T) {
	emu := startEmulator(t)
	resp := emu.do(t, spectest.Request{
		Method: http.MethodPost, Path: assignmentsPath(knownConfig), Token: writer(t),
		Body:   seedBody(t, "seed-create-request.json"),
		Header: map[string]string{"Content-Type": "application/json; charset=utf-8"},
	})
	if resp.Status != http.StatusCreated {
		t.Errorf("status %d: %s", resp.Status, resp.Body)
	}
}

// asksForPermissions reports whether op's security names a permission.
func asksForPermissions(op specdoc.Operation) bool {
	for _, alternative := range op.Scopes() {
		if len(alternative) > 0 {
			return true
		}
	}
	return false
}
