package auth

import (
	"cmp"
	"crypto/rsa"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// DevSecret is the HS256 secret the emulator and the token subcommand use
// when no key is configured. It is public: only for local development.
const DevSecret = "intune-emulator-dev-secret"

// Development identities put in minted tokens when none is given.
const (
	DevTenantID = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f"
	DevObjectID = "5d6f2e7a-1b4c-4d3a-9c8d-8f5b2c9e1d3a"
)

// TokenOptions describe a development access token.
type TokenOptions struct {
	// Scopes become scp (delegated permissions), space-separated.
	Scopes []string
	// Roles become roles (application permissions of an app-only token).
	Roles []string
	// Audience is aud; empty means https://graph.microsoft.com.
	Audience string
	// TenantID is tid; empty means DevTenantID.
	TenantID string
	// ObjectID is oid; empty means DevObjectID.
	ObjectID string
	// AppID is appid, the calling application; empty sends none.
	AppID string
	// AppIDACR is appidacr, how the application authenticated: "1" with
	// a client secret, "2" with a certificate; empty sends none.
	AppIDACR string
	// AppDisplayName is app_displayname; empty sends none.
	AppDisplayName string
	// AppOnly marks the token as an application's acting as itself
	// (idtyp app) even without roles; roles without scopes mark it so
	// anyway.
	AppOnly bool
	// TTL is how long the token is valid from IssuedAt; zero means one hour.
	// A negative TTL mints an expired token.
	TTL time.Duration
	// IssuedAt is iat and nbf; zero means now.
	IssuedAt time.Time
	// HS256Secret signs the token with HS256...
	HS256Secret []byte
	// ...or RS256PrivateKey with RS256, when set.
	RS256PrivateKey *rsa.PrivateKey
	// KeyID is the kid header of an RS256 token, naming its key in the
	// authority's JWKS; empty sends none.
	KeyID string
}

// MintToken returns a signed JWT shaped like a Microsoft identity platform
// access token for Graph, for calling the emulator.
func MintToken(o TokenOptions) (string, error) {
	now := o.IssuedAt
	if now.IsZero() {
		now = time.Now()
	}
	ttl := o.TTL
	if ttl == 0 {
		ttl = time.Hour
	}
	tid := cmp.Or(o.TenantID, DevTenantID)
	claims := jwt.MapClaims{
		// Azure AD writes aud as a single string, not an array.
		"aud": cmp.Or(o.Audience, GraphAudiences[0]),
		"iss": "https://sts.windows.net/" + tid + "/",
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(ttl).Unix(),
		"tid": tid,
		"oid": cmp.Or(o.ObjectID, DevObjectID),
		"sub": cmp.Or(o.ObjectID, DevObjectID),
		"uti": uuid.NewString(),
		"ver": "1.0",
	}
	for name, value := range map[string]string{"appid": o.AppID, "appidacr": o.AppIDACR, "app_displayname": o.AppDisplayName} {
		if value != "" {
			claims[name] = value
		}
	}
	if len(o.Scopes) > 0 {
		claims["scp"] = strings.Join(o.Scopes, " ")
	}
	if len(o.Roles) > 0 {
		claims["roles"] = o.Roles
	}
	if o.AppOnly || (len(o.Roles) > 0 && len(o.Scopes) == 0) {
		claims["idtyp"] = "app"
	}
	switch {
	case o.RS256PrivateKey != nil:
		t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		if o.KeyID != "" {
			t.Header["kid"] = o.KeyID
		}
		return t.SignedString(o.RS256PrivateKey)
	case len(o.HS256Secret) > 0:
		return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(o.HS256Secret)
	}
	return "", errors.New("no signing key: give an HS256 secret or an RS256 private key")
}
