package auth

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// GraphAudiences are the resource identifiers of Microsoft Graph that an
// access token for it carries in aud: the URI (v1 tokens sometimes with a
// trailing slash) and the application id.
var GraphAudiences = []string{
	"https://graph.microsoft.com",
	"https://graph.microsoft.com/",
	"00000003-0000-0000-c000-000000000000",
}

// PersonalAccountTenantID is the tenant of personal Microsoft accounts
// (outlook.com, hotmail.com, ...): a token with this tid is from a personal
// account, which these endpoints do not support.
const PersonalAccountTenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"

// Claims are the access token claims the emulator reads, as the Microsoft
// identity platform names them.
type Claims struct {
	jwt.RegisteredClaims
	// Scope lists the delegated permissions, space-separated.
	Scope string `json:"scp,omitempty"`
	// Roles lists the application permissions of an app-only token.
	Roles []string `json:"roles,omitempty"`
	// IDType is "app" in a token issued to an application acting as
	// itself.
	IDType string `json:"idtyp,omitempty"`
	// TenantID is the tenant the token was issued in.
	TenantID string `json:"tid,omitempty"`
	// ObjectID is the signed-in user (or the application's service principal).
	ObjectID string `json:"oid,omitempty"`
	// AppID is the calling application (v1 tokens).
	AppID string `json:"appid,omitempty"`
	// AuthorizedParty is the calling application (v2 tokens).
	AuthorizedParty string `json:"azp,omitempty"`

	// scopes is Scope split, once for a verified token, which is cached
	// and checked again on each request it comes with.
	scopes []string
}

// Scopes returns the delegated permissions of the token. The slice is
// shared: the caller must not change it.
func (c *Claims) Scopes() []string {
	if c.scopes != nil {
		return c.scopes
	}
	return strings.Fields(c.Scope)
}

// App is the calling application of a token: appid (v1) or azp (v2).
func (c *Claims) App() string {
	if c.AppID != "" {
		return c.AppID
	}
	return c.AuthorizedParty
}

// AppOnly reports whether the token was issued to an application acting as
// itself: it says so (idtyp app), or it has application permissions
// (roles) and no delegated ones.
func (c *Claims) AppOnly() bool {
	return c.IDType == "app" || (c.Scope == "" && len(c.Roles) > 0)
}

// Config is how access tokens are verified.
type Config struct {
	// HS256Secret verifies HS256 tokens; nil accepts none.
	HS256Secret []byte
	// RS256PublicKey verifies RS256 tokens; nil accepts none.
	RS256PublicKey *rsa.PublicKey
	// AuthorityKey verifies the RS256 tokens of the emulator's own
	// authority, beside RS256PublicKey; nil accepts none.
	AuthorityKey *rsa.PublicKey
	// AllowAppPermissions accepts app-only tokens, whose roles are checked
	// against the application permissions of the current Graph pages.
	// Off, they are refused with 403 as the seed page says.
	AllowAppPermissions bool
}

// wwwAuthenticate is the challenge Graph sends with a 401.
const wwwAuthenticate = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// Authenticator verifies bearer tokens, each distinct token once: the
// claims of a token that passed are cached until its exp.
type Authenticator struct {
	parser              *jwt.Parser
	hs256Secret         []byte
	rs256Keys           jwt.VerificationKeySet
	allowAppPermissions bool
	cache               *tokenCache
	now                 func() time.Time
}

// New returns an Authenticator of cfg's keys, whose clock is now.
func New(cfg Config, now func() time.Time) (*Authenticator, error) {
	var methods []string
	if len(cfg.HS256Secret) > 0 {
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	var rs256Keys jwt.VerificationKeySet
	for _, k := range []*rsa.PublicKey{cfg.RS256PublicKey, cfg.AuthorityKey} {
		if k != nil {
			rs256Keys.Keys = append(rs256Keys.Keys, k)
		}
	}
	if len(rs256Keys.Keys) > 0 {
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	if len(methods) == 0 {
		return nil, errors.New("no token key: configure an HS256 secret, an RS256 public key or the authority's key")
	}
	return &Authenticator{
		parser: jwt.NewParser(
			jwt.WithValidMethods(methods),
			jwt.WithAudience(GraphAudiences...),
			jwt.WithExpirationRequired(),
			jwt.WithTimeFunc(now),
		),
		hs256Secret:         cfg.HS256Secret,
		rs256Keys:           rs256Keys,
		allowAppPermissions: cfg.AllowAppPermissions,
		cache:               newTokenCache(maxCachedTokens),
		now:                 now,
	}, nil
}

// key picks the verification keys by the token's alg; WithValidMethods has
// already refused any alg that has no key. An RS256 token is tried with
// each RS256 key: one given by the user, and the authority's.
func (a *Authenticator) key(t *jwt.Token) (any, error) {
	switch t.Method.Alg() {
	case jwt.SigningMethodHS256.Alg():
		return a.hs256Secret, nil
	case jwt.SigningMethodRS256.Alg():
		return a.rs256Keys, nil
	}
	return nil, fmt.Errorf("unexpected signing method %q", t.Method.Alg())
}

// Verify checks the Authorization header and returns the token's claims,
// or the 401 to answer. Whether the token's kind and permissions let it
// call an operation is Authorize's to say.
func (a *Authenticator) Verify(header string) (*Claims, *graphhttp.Error) {
	header = strings.TrimSpace(header)
	if header == "" {
		return nil, unauthorized("Access token is empty.", false)
	}
	scheme, raw, found := strings.Cut(header, " ")
	raw = strings.TrimSpace(raw)
	if !found || !strings.EqualFold(scheme, "Bearer") || raw == "" {
		return nil, unauthorized("The Authorization header must be 'Bearer <access token>'.", true)
	}
	now := a.now()
	claims, ok := a.cache.get(raw, now)
	if !ok {
		claims = &Claims{}
		if _, err := a.parser.ParseWithClaims(raw, claims, a.key); err != nil {
			return nil, unauthorized(tokenErrorMessage(err, claims), true).WithCause(err)
		}
		claims.scopes = strings.Fields(claims.Scope)
		if !plausibleTime(claims.ExpiresAt) {
			return nil, unauthorized(badExpMessage, true)
		}
		a.cache.put(raw, claims, now)
	}
	return claims, nil
}

// badExpMessage answers an exp that no clock reaches or has passed
// sensibly: before 1970 or after 9999, as a huge number such as 1e300
// decodes.
const badExpMessage = "Access token validation failure. The exp claim is not a valid time."

// plausibleTime reports whether a NumericDate lies between 1970 and 9999.
func plausibleTime(d *jwt.NumericDate) bool {
	return d != nil && d.Unix() > 0 && d.Year() <= 9999
}

// tokenErrorMessage says why a token was refused in the words a client
// can act on; the library's own wording stays in the logs.
func tokenErrorMessage(err error, claims *Claims) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "Access token is not a well-formed JWT."
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "Access token validation failure. Invalid signature."
	case errors.Is(err, jwt.ErrTokenExpired) && !plausibleTime(claims.ExpiresAt):
		return badExpMessage
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet):
		return "Access token has expired or is not yet valid."
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "Access token validation failure. Invalid audience."
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "Access token validation failure. A required claim (exp, aud) is missing."
	}
	return "Access token validation failure."
}

func unauthorized(message string, invalidToken bool) *graphhttp.Error {
	challenge := wwwAuthenticate
	if invalidToken {
		// RFC 6750: a token was sent and refused.
		challenge += `, error="invalid_token"`
	}
	header := http.Header{}
	header.Set("WWW-Authenticate", challenge)
	return &graphhttp.Error{
		Status:  http.StatusUnauthorized,
		Code:    graphcode.InvalidAuthenticationToken,
		Message: message,
		Header:  header,
	}
}

func forbidden(message string) *graphhttp.Error {
	return &graphhttp.Error{Status: http.StatusForbidden, Code: graphcode.Forbidden, Message: message}
}
