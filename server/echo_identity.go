package server

import (
	"log/slog"
	"slices"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// authConfig is cfg.Auth, accepting also the tokens of the authority when
// the emulator serves one.
func authConfig(cfg Config) auth.Config {
	a := cfg.Auth
	if cfg.Authority != nil && cfg.Authority.Signer != nil {
		a.AuthorityKey = cfg.Authority.Signer.PublicKey()
	}
	return a
}

// isAuthorityOperation reports whether id is an operation of the
// authority that cfg serves, for the fault rules that name it.
func isAuthorityOperation(cfg Config, id string) bool {
	return cfg.Authority != nil && slices.Contains(identity.Operations, id)
}

// registerAuthority serves the Entra ID authority of cfg.Authority, if
// any, on e: its routes behind the same metrics and faults as the
// operations', its token requests asking the same throttle, its errors in
// Entra's shape, its apps granted only the permissions the spec names (and
// their application equivalents).
func registerAuthority(e *echo.Echo, cfg Config, doc *openapi3.T, res *resilience.Resilience, maxBody int64, logger *slog.Logger, now func() time.Time) error {
	if cfg.Authority == nil {
		return nil
	}
	ac := *cfg.Authority
	var names []string
	for _, op := range specdoc.Operations(doc) {
		for _, set := range op.Scopes() {
			names = append(names, set...)
		}
	}
	ac.Permissions = auth.ApplicationPermissions(names)
	if throttle := res.Throttle(); throttle != nil {
		ac.Throttle = throttle
	}
	if ac.MaxBodyBytes == 0 || ac.MaxBodyBytes > maxBody {
		ac.MaxBodyBytes = maxBody
	}
	if ac.Now == nil {
		ac.Now = now
	}
	authority, err := identity.New(ac)
	if err != nil {
		return err
	}
	authority.Register(e, func(id string) []echo.MiddlewareFunc { return res.Around(id, nil) })
	e.HTTPErrorHandler = identity.ErrorHandler(e.HTTPErrorHandler, logger, now)
	return nil
}
