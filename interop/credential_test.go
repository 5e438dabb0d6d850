package interop

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// TestCredentialRefused asks the emulator's authority for tokens it must
// refuse, through the run's credential class, and checks that azidentity
// reports each as automation sees Entra's: an AuthenticationFailedError
// with the status and the AADSTS code.
func TestCredentialRefused(t *testing.T) {
	writerApp := emu.Apps[appKey(writer, "secret")]
	unknown := "00000000-0000-4000-8000-000000000000"
	type credential func(t *testing.T) (azcore.TokenCredential, error)
	secret := func(tenant, client, secret string) credential {
		return func(*testing.T) (azcore.TokenCredential, error) { return secretCredential(tenant, client, secret) }
	}
	tests := []struct {
		name   string
		cred   credential
		status int
		code   string
	}{
		{"a wrong secret", secret(emu.Tenant, writerApp.ClientID, "not the secret"), http.StatusUnauthorized, "AADSTS7000215"},
		{"an unknown client", secret(emu.Tenant, unknown, writerApp.Secret), http.StatusBadRequest, "AADSTS700016"},
		{"an unknown tenant", secret(unknown, writerApp.ClientID, writerApp.Secret), http.StatusBadRequest, "AADSTS90002"},
	}
	switch emu.Mode {
	case "http":
		t.Skip("static tokens: no credential asks the authority")
	case "certificate":
		certApp := emu.Apps[appKey(writer, "certificate")]
		other, err := newCertificate()
		if err != nil {
			t.Fatal(err)
		}
		tests = []struct {
			name   string
			cred   credential
			status int
			code   string
		}{
			{"an unregistered certificate", func(t *testing.T) (azcore.TokenCredential, error) {
				return certificateCredential(emu.Tenant, certApp.ClientID, other, trustingCA(t))
			}, http.StatusUnauthorized, "AADSTS700027"},
			{"an unknown client", func(t *testing.T) (azcore.TokenCredential, error) {
				return certificateCredential(emu.Tenant, unknown, []byte(certApp.CertPEM), trustingCA(t))
			}, http.StatusBadRequest, "AADSTS700016"},
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred, err := tt.cred(t)
			if err != nil {
				t.Fatal(err)
			}
			_, err = cred.GetToken(t.Context(), policy.TokenRequestOptions{Scopes: graphScopes})
			var afe *azidentity.AuthenticationFailedError
			if !errors.As(err, &afe) || afe.RawResponse == nil {
				t.Fatalf("GetToken: %v; want an AuthenticationFailedError with the response", err)
			}
			if afe.RawResponse.StatusCode != tt.status || !strings.Contains(err.Error(), tt.code) {
				t.Errorf("GetToken: %d %v; want %d and %s", afe.RawResponse.StatusCode, err, tt.status, tt.code)
			}
		})
	}
}
