package identity_test

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
)

// known are the permissions of the apps tests.
var known = []string{"DeviceManagementServiceConfig.Read.All", "DeviceManagementServiceConfig.ReadWrite.All"}

// TestLoadApps reads an apps file whose certificate is a file beside it.
func TestLoadApps(t *testing.T) {
	dir := t.TempDir()
	cert := selfSigned(t, certKey())
	if err := os.WriteFile(filepath.Join(dir, "automation.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "apps.yaml")
	data := `apps:
  - tenant: ` + tenant + `
    clientId: ` + writerID + `
    displayName: Intune automation
    secret: s3cret
    permissions: [deviceManagementServiceConfig.readWrite.all]
  - tenant: ` + tenant + `
    clientId: ` + certAppID + `
    certificate: automation.pem
    permissions: [DeviceManagementServiceConfig.Read.All]
`
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	apps, err := identity.LoadApps(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 2 || apps[0].Secret != "s3cret" || apps[1].Certificate == nil || !apps[1].Certificate.Equal(cert) {
		t.Fatalf("apps %+v", apps)
	}
	if _, err := identity.New(identity.Config{Apps: apps, Signer: newSigner(t), Permissions: known}); err != nil {
		t.Errorf("New: %v", err)
	}
}

func newSigner(t *testing.T) *auth.Signer {
	t.Helper()
	s, err := auth.NewSigner(signerKey())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAppsRefused covers the registrations that stop the start, each with
// what is wrong.
func TestAppsRefused(t *testing.T) {
	good := identity.App{Tenant: tenant, ClientID: writerID, Secret: "s", Permissions: []string{known[0]}}
	edit := func(f func(*identity.App)) []identity.App {
		a := good
		f(&a)
		return []identity.App{a}
	}
	tests := []struct {
		name string
		apps []identity.App
		want string
	}{
		{"an unknown permission", edit(func(a *identity.App) { a.Permissions = []string{"User.Read.All"} }), `permission "User.Read.All" is not one this API knows`},
		{"a tenant that is no GUID", edit(func(a *identity.App) { a.Tenant = "contoso.onmicrosoft.com" }), "is not a GUID"},
		{"a client id that is no GUID", edit(func(a *identity.App) { a.ClientID = "automation" }), "is not a GUID"},
		{"no credential", edit(func(a *identity.App) { a.Secret = "" }), "no credential"},
		{"the same app twice", []identity.App{good, good}, "registered twice"},
		{"no app", nil, "at least one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := identity.New(identity.Config{Apps: tt.apps, Signer: newSigner(t), Permissions: known})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v; want %q", err, tt.want)
			}
		})
	}
}

// TestParseAppsRefused covers apps files that do not parse.
func TestParseAppsRefused(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"an unknown field", "apps:\n  - tenant: x\n    clientSecret: s\n", "clientSecret"},
		{"no apps", "apps: []\n", "no apps"},
		{"a certificate that is not PEM", "apps:\n  - certificate: \"-----BEGIN nothing\"\n", "no PEM CERTIFICATE block"},
		{"a certificate file that is missing", "apps:\n  - certificate: missing.pem\n", "missing.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := identity.ParseApps([]byte(tt.data), t.TempDir())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseApps: %v; want %q", err, tt.want)
			}
		})
	}
}
