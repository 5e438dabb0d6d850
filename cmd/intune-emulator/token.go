package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
)

// defaultScopes is what a token grants when neither -scopes nor -roles is
// given: every operation of the API, through the spec's write scope.
var defaultScopes = specdoc.WriteScope()

// token prints a signed development access token, and nothing else, to
// stdout, so that TOKEN=$(intune-emulator token) works.
func token(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var (
		scopes, roles, privateKey, secret string
		o                                 auth.TokenOptions
	)
	fs := newFlagSet("token", stderr)
	fs.StringVar(&scopes, "scopes", defaultScopes, "delegated permissions (scp), space-separated")
	fs.StringVar(&roles, "roles", "", "application permissions (roles), space-separated, for an app-only token; without -scopes the token has no scp")
	fs.StringVar(&o.Audience, "aud", auth.GraphAudiences[0], "audience (aud)")
	fs.DurationVar(&o.TTL, "ttl", 0, "how long the token is valid (default 1h)")
	fs.StringVar(&o.TenantID, "tid", auth.DevTenantID, "tenant id (tid); "+auth.PersonalAccountTenantID+" makes a personal-account token")
	fs.StringVar(&o.ObjectID, "oid", auth.DevObjectID, "user object id (oid)")
	fs.StringVar(&secret, "hs256-secret", "", "HS256 signing secret (default, when no RS256 key is given either: the development secret)")
	fs.StringVar(&privateKey, "rs256-private-key", "", "PEM file of an RSA private key: sign with RS256 instead")
	given, err := parseFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	o.Roles = strings.Fields(roles)
	// An app-only token has roles and no scp: -roles alone drops the
	// default scopes.
	if given["scopes"] || len(o.Roles) == 0 {
		o.Scopes = strings.Fields(scopes)
	}
	if len(o.Scopes) == 0 && len(o.Roles) == 0 {
		return usageError{"the token needs -scopes or -roles"}
	}
	switch {
	case privateKey != "":
		pem, err := os.ReadFile(privateKey)
		if err != nil {
			return fmt.Errorf("read the RS256 private key: %w", err)
		}
		if o.RS256PrivateKey, err = jwt.ParseRSAPrivateKeyFromPEM(pem); err != nil {
			return fmt.Errorf("RS256 private key %s: %w", privateKey, err)
		}
	case secret != "":
		o.HS256Secret = []byte(secret)
	default:
		o.HS256Secret = []byte(auth.DevSecret)
	}
	jwtString, err := auth.MintToken(o)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, jwtString)
	return err
}
