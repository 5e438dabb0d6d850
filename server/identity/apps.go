package identity

import (
	"bytes"
	"cmp"
	"crypto/sha1" // x5t is SHA-1 by definition (RFC 7515)
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"
)

// App is an application registered with the authority: who it is, how it
// proves it, and the application permissions an administrator granted it.
type App struct {
	Tenant      string
	ClientID    string
	DisplayName string
	// ObjectID is its service principal's object id, the oid of its
	// tokens.
	ObjectID string
	// Secret is its client secret; "" accepts none.
	Secret string
	// Certificate is its certificate credential; nil accepts none.
	Certificate *x509.Certificate
	// Permissions are its granted application permissions, the roles of
	// its tokens.
	Permissions []string
}

// The development application, registered when no apps file is given.
// Its secret is public, like the development HS256 secret: only for local
// use.
const (
	DevClientID     = "5f8e2a1c-9b3d-4c7e-a6f0-1d2b3c4e5f60"
	DevClientSecret = "intune-emulator-dev-app-secret"
	DevDisplayName  = "intune-emulator development app"
)

// DevApp is the development application in tenant, granted permissions.
func DevApp(tenant string, permissions ...string) App {
	return App{Tenant: tenant, ClientID: DevClientID, DisplayName: DevDisplayName, Secret: DevClientSecret, Permissions: permissions}
}

// appsFile is the apps file, YAML or JSON:
//
//	apps:
//	  - tenant: 8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f
//	    clientId: 0b6f1c5e-...
//	    displayName: Intune automation
//	    secret: a-long-random-secret
//	    certificate: automation.pem   # the certificate's PEM, or its file, relative to this one
//	    permissions: [DeviceManagementServiceConfig.ReadWrite.All]
type appsFile struct {
	Apps []appEntry `yaml:"apps" json:"apps"`
}

type appEntry struct {
	Tenant      string   `yaml:"tenant" json:"tenant"`
	ClientID    string   `yaml:"clientId" json:"clientId"`
	DisplayName string   `yaml:"displayName" json:"displayName"`
	ObjectID    string   `yaml:"objectId" json:"objectId"`
	Secret      string   `yaml:"secret" json:"secret"`
	Certificate string   `yaml:"certificate" json:"certificate"`
	Permissions []string `yaml:"permissions" json:"permissions"`
}

// LoadApps reads an apps file; a certificate given as a file name is read
// relative to the apps file.
func LoadApps(path string) ([]App, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("apps file: %w", err)
	}
	apps, err := ParseApps(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("apps file %s: %w", path, err)
	}
	return apps, nil
}

// ParseApps reads apps from YAML or JSON; dir is where certificate files
// are found.
func ParseApps(data []byte, dir string) ([]App, error) {
	var f appsFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if len(f.Apps) == 0 {
		return nil, errors.New("no apps: list them under 'apps'")
	}
	apps := make([]App, 0, len(f.Apps))
	for i, e := range f.Apps {
		app, err := e.app(dir)
		if err != nil {
			return nil, fmt.Errorf("apps[%d] (%s): %w", i, cmp.Or(e.DisplayName, e.ClientID), err)
		}
		apps = append(apps, app)
	}
	return apps, nil
}

func (e appEntry) app(dir string) (App, error) {
	app := App{Tenant: e.Tenant, ClientID: e.ClientID, DisplayName: e.DisplayName, ObjectID: e.ObjectID, Secret: e.Secret, Permissions: e.Permissions}
	if e.Certificate != "" {
		pemData := []byte(e.Certificate)
		if !strings.Contains(e.Certificate, "-----BEGIN") {
			path := e.Certificate
			if !filepath.IsAbs(path) {
				path = filepath.Join(dir, path)
			}
			var err error
			if pemData, err = os.ReadFile(path); err != nil {
				return App{}, fmt.Errorf("certificate: %w", err)
			}
		}
		cert, err := parseCertificate(pemData)
		if err != nil {
			return App{}, err
		}
		app.Certificate = cert
	}
	return app, nil
}

// parseCertificate reads the first certificate of PEM data; a private key
// beside it is ignored (the authority needs only the public key).
func parseCertificate(data []byte) (*x509.Certificate, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("certificate: no PEM CERTIFICATE block")
		}
		if block.Type == "CERTIFICATE" {
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("certificate: %w", err)
			}
			return cert, nil
		}
	}
}

// check validates a registration against the permissions an app may be
// granted, and completes its object id.
func (a *App) check(known []string) error {
	if _, err := uuid.Parse(a.Tenant); err != nil {
		return fmt.Errorf("tenant %q is not a GUID", a.Tenant)
	}
	if _, err := uuid.Parse(a.ClientID); err != nil {
		return fmt.Errorf("clientId %q is not a GUID", a.ClientID)
	}
	if a.Secret == "" && a.Certificate == nil {
		return errors.New("no credential: give a secret, a certificate or both")
	}
	for i, p := range a.Permissions {
		k := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, p) })
		if k < 0 {
			return fmt.Errorf("permission %q is not one this API knows; it knows %s", p, strings.Join(known, ", "))
		}
		// Roles are compared as Graph spells them.
		a.Permissions[i] = known[k]
	}
	a.Tenant, a.ClientID = strings.ToLower(a.Tenant), strings.ToLower(a.ClientID)
	if a.ObjectID == "" {
		// The same app always has the same service principal.
		a.ObjectID = uuid.NewSHA1(uuid.NameSpaceURL, []byte("intune-emulator:"+a.Tenant+":"+a.ClientID)).String()
	}
	if a.DisplayName == "" {
		a.DisplayName = a.ClientID
	}
	return nil
}

// thumbprints are the certificate's x5t (SHA-1) and x5t#S256 (SHA-256)
// digests.
func thumbprints(cert *x509.Certificate) (sha1Sum, sha256Sum []byte) {
	s1 := sha1.Sum(cert.Raw)
	s256 := sha256.Sum256(cert.Raw)
	return s1[:], s256[:]
}
