package server

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/graphcode"
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
	// TenantID is the tenant the token was issued in.
	TenantID string `json:"tid,omitempty"`
	// ObjectID is the signed-in user (or the application's service principal).
	ObjectID string `json:"oid,omitempty"`
}

// Scopes returns the delegated permissions of the token.
func (c *Claims) Scopes() []string { return strings.Fields(c.Scope) }

// AppOnly reports whether the token was issued to an application acting as
// itself: it has application permissions (roles) and no delegated ones.
func (c *Claims) AppOnly() bool { return c.Scope == "" && len(c.Roles) > 0 }

// AuthConfig is how access tokens are verified.
type AuthConfig struct {
	// HS256Secret verifies HS256 tokens; nil accepts none.
	HS256Secret []byte
	// RS256PublicKey verifies RS256 tokens; nil accepts none.
	RS256PublicKey *rsa.PublicKey
	// AllowAppPermissions accepts app-only tokens, whose roles are checked
	// against the application permissions of the current Graph pages.
	// Off, they are refused with 403 as the seed page says.
	AllowAppPermissions bool
}

// claimsKey is where the authenticate middleware leaves the verified
// claims in the echo context, for the validator's permission check.
const claimsKey = "intune-emulator/claims"

// wwwAuthenticate is the challenge Graph sends with a 401.
const wwwAuthenticate = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// authenticator verifies bearer tokens.
type authenticator struct {
	parser              *jwt.Parser
	hs256Secret         []byte
	rs256Key            *rsa.PublicKey
	allowAppPermissions bool
}

func newAuthenticator(cfg AuthConfig) (*authenticator, error) {
	var methods []string
	if len(cfg.HS256Secret) > 0 {
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	if cfg.RS256PublicKey != nil {
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	if len(methods) == 0 {
		return nil, errors.New("no token key: configure an HS256 secret or an RS256 public key")
	}
	return &authenticator{
		parser: jwt.NewParser(
			jwt.WithValidMethods(methods),
			jwt.WithAudience(GraphAudiences...),
			jwt.WithExpirationRequired(),
		),
		hs256Secret:         cfg.HS256Secret,
		rs256Key:            cfg.RS256PublicKey,
		allowAppPermissions: cfg.AllowAppPermissions,
	}, nil
}

// key picks the verification key by the token's alg; WithValidMethods has
// already refused any alg that has no key.
func (a *authenticator) key(t *jwt.Token) (any, error) {
	switch t.Method.Alg() {
	case jwt.SigningMethodHS256.Alg():
		return a.hs256Secret, nil
	case jwt.SigningMethodRS256.Alg():
		return a.rs256Key, nil
	}
	return nil, fmt.Errorf("unexpected signing method %q", t.Method.Alg())
}

// verify checks the Authorization header and returns the token's claims,
// or the 401 or 403 to answer.
func (a *authenticator) verify(header string) (*Claims, *apiError) {
	if strings.TrimSpace(header) == "" {
		return nil, unauthorized("Access token is empty.", false)
	}
	scheme, raw, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return nil, unauthorized("The Authorization header must be 'Bearer <access token>'.", true)
	}
	claims := &Claims{}
	if _, err := a.parser.ParseWithClaims(strings.TrimSpace(raw), claims, a.key); err != nil {
		return nil, unauthorized(tokenErrorMessage(err), true).withCause(err)
	}
	if claims.TenantID == PersonalAccountTenantID {
		return nil, forbidden("Personal Microsoft accounts are not supported by this API; use a work or school account.")
	}
	if claims.AppOnly() && !a.allowAppPermissions {
		return nil, forbidden("Application permissions are not supported by this API; use a delegated token of a work or school account.")
	}
	return claims, nil
}

// tokenErrorMessage says why a token was refused in the words a client
// can act on; the library's own wording stays in the logs.
func tokenErrorMessage(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "Access token is not a well-formed JWT."
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "Access token validation failure. Invalid signature."
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet):
		return "Access token has expired or is not yet valid."
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "Access token validation failure. Invalid audience."
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "Access token validation failure. A required claim (exp, aud) is missing."
	}
	return "Access token validation failure."
}

// authenticate is the middleware in front of every operation: a missing or
// invalid token is 401 with WWW-Authenticate; a token of a kind the API
// refuses is 403. The claims go to the echo context for the permission
// check of the validator.
func (a *authenticator) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		claims, ae := a.verify(c.Request().Header.Get(echo.HeaderAuthorization))
		if ae != nil {
			return ae
		}
		c.Set(claimsKey, claims)
		return next(c)
	}
}

func unauthorized(message string, invalidToken bool) *apiError {
	challenge := wwwAuthenticate
	if invalidToken {
		// RFC 6750: a token was sent and refused.
		challenge += `, error="invalid_token"`
	}
	header := http.Header{}
	header.Set("WWW-Authenticate", challenge)
	return &apiError{
		status:  http.StatusUnauthorized,
		code:    graphcode.InvalidAuthenticationToken,
		message: message,
		header:  header,
	}
}

func forbidden(message string) *apiError {
	return &apiError{status: http.StatusForbidden, code: graphcode.Forbidden, message: message}
}
