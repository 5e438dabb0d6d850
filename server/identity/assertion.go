package identity

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// assertionAlgorithms sign client assertions: MSAL Go, Node and newer
// Python sign PS256 with x5t#S256, older ones RS256 with x5t.
var assertionAlgorithms = []string{"RS256", "PS256"}

// errUnknownKey is an assertion signed by no certificate of the app.
var errUnknownKey = errors.New("the key was not found")

// audiences are the aud values a client assertion may carry: the token
// endpoint it is sent to, under the tenant the path names and under the
// tenant's id, and the tenant's v2.0 issuer.
func audiences(origin, pathTenant, tenantID string) []string {
	var out []string
	for _, t := range []string{pathTenant, tenantID} {
		base := origin + "/" + t
		out = append(out, base+"/oauth2/v2.0/token", base+"/v2.0", base+"/oauth2/token")
	}
	return out
}

// checkAssertion verifies a client assertion (RFC 7523) as Entra does: a
// JWT signed RS256 or PS256 by the app's registered certificate, named by
// x5t#S256 or x5t; for this token endpoint (aud); by and about the client
// (iss, sub); within its lifetime (exp, nbf); and used once (jti).
func (a *Authority) checkAssertion(raw string, app *App, accepted []string) *Error {
	now := a.now()
	claims := &jwt.RegisteredClaims{}
	parser := jwt.NewParser(jwt.WithValidMethods(assertionAlgorithms), jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	thumbprint := ""
	_, err := parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		var ok bool
		thumbprint, ok = matchCertificate(t.Header, app)
		if !ok {
			return nil, errUnknownKey
		}
		return app.Certificate.PublicKey, nil
	})
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenMalformed):
		return badAssertion(50027, "Invalid JWT token. The client assertion is not a well-formed JWT.")
	case errors.Is(err, errUnknownKey):
		return badAssertion(700027, "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '%s', app Id '%s': register the certificate in the apps file.]", thumbprint, app.ClientID)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return badAssertion(700027, "Client assertion failed signature validation (%s and %s are accepted).", assertionAlgorithms[0], assertionAlgorithms[1])
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return badAssertion(700024, "Client assertion is not within its valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s.",
			now.UTC().Format(time.RFC3339), timeOf(claims.NotBefore), timeOf(claims.ExpiresAt))
	default:
		return badAssertion(50013, "Assertion is invalid: %v.", err)
	}
	if !anyAudience(claims.Audience, accepted) {
		return badAssertion(700023, "Client assertion audience claim does not match Realm issuer: aud %v; want the token endpoint, %s.", []string(claims.Audience), accepted[0])
	}
	if !strings.EqualFold(claims.Issuer, app.ClientID) || !strings.EqualFold(claims.Subject, app.ClientID) {
		return badAssertion(700021, "Client assertion application identifier doesn't match 'client_id' parameter: iss '%s' and sub '%s' must both be '%s'.", claims.Issuer, claims.Subject, app.ClientID)
	}
	if claims.ID == "" {
		return badAssertion(50013, "Assertion is invalid: it has no jti, which makes each client assertion usable once.")
	}
	if !a.replays.first(app.Tenant+"/"+app.ClientID+"/"+claims.ID, claims.ExpiresAt.Time, now) {
		return badAssertion(50013, "Assertion is invalid: the client assertion with jti '%s' was already used; make a new one for each token request.", claims.ID)
	}
	return nil
}

// matchCertificate finds the app's certificate named by the header's
// x5t#S256 or x5t, and returns the thumbprint the client sent, in hex.
// MSAL Go writes the thumbprint in standard base64, the JWS spec in
// base64url: both are read.
func matchCertificate(header map[string]any, app *App) (string, bool) {
	for _, name := range []string{"x5t#S256", "x5t"} {
		v, _ := header[name].(string)
		if v == "" {
			continue
		}
		got := decodeBase64(v)
		if app.Certificate == nil || got == nil {
			return hex.EncodeToString(got), false
		}
		sha1Sum, sha256Sum := thumbprints(app.Certificate)
		want := sha256Sum
		if name == "x5t" {
			want = sha1Sum
		}
		return strings.ToUpper(hex.EncodeToString(got)), subtle.ConstantTimeCompare(got, want) == 1
	}
	return "none (no x5t#S256 or x5t header)", false
}

// decodeBase64 reads base64 in any of its spellings, or returns nil.
func decodeBase64(s string) []byte {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	return nil
}

func anyAudience(got jwt.ClaimStrings, accepted []string) bool {
	for _, g := range got {
		g = strings.TrimSuffix(g, "/")
		for _, a := range accepted {
			if strings.EqualFold(g, a) {
				return true
			}
		}
	}
	return false
}

func timeOf(d *jwt.NumericDate) string {
	if d == nil {
		return "(none)"
	}
	return d.UTC().Format(time.RFC3339)
}

// maxReplayEntries bounds the memory of used assertions. A flood of valid,
// long-lived assertions beyond it forgets the ones that expire first.
const maxReplayEntries = 4096

// replayCache remembers the jti of each accepted client assertion until
// the assertion expires.
type replayCache struct {
	mu      sync.Mutex
	entries map[string]time.Time
	max     int
}

func newReplayCache(max int) *replayCache {
	return &replayCache{entries: map[string]time.Time{}, max: max}
}

// first records key until exp and reports whether it was new.
func (r *replayCache) first(key string, exp, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if until, ok := r.entries[key]; ok && now.Before(until) {
		return false
	}
	if len(r.entries) >= r.max {
		r.evict(now)
	}
	r.entries[key] = exp
	return true
}

// evict drops the expired entries, then, if none were, the one that
// expires first.
func (r *replayCache) evict(now time.Time) {
	soonest, soonestExp := "", time.Time{}
	for k, exp := range r.entries {
		if !now.Before(exp) {
			delete(r.entries, k)
			continue
		}
		if soonest == "" || exp.Before(soonestExp) {
			soonest, soonestExp = k, exp
		}
	}
	if len(r.entries) >= r.max {
		delete(r.entries, soonest)
	}
}
