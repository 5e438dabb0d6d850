package identity

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// Config is what the authority is built from.
type Config struct {
	// Apps are the registered applications; at least one.
	Apps []App
	// Signer signs the access tokens; the server's auth accepts them.
	Signer *auth.Signer
	// Permissions are the application permissions an app may be granted;
	// an app granted another stops New.
	Permissions []string
	// Throttle, when set, is asked before each token request, keyed by
	// the tenant and the client, as the Graph routes are keyed by token.
	Throttle Admitter
	// MaxBodyBytes limits the token request's form; 0 means 64 KiB.
	MaxBodyBytes int64
	// TokenLifetime is how long an access token is valid; 0 means an hour.
	TokenLifetime time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Admitter decides whether a caller is throttled (the resilience
// package's token bucket or Intune's limits): nil to let the request
// through, else the 429 to answer.
type Admitter interface {
	Admit(claims *auth.Claims, method string, now time.Time) *graphhttp.Error
}

// Authority is the built Config.
type Authority struct {
	tenants  map[string]map[string]*App // tenant id → client id → app, all lower case
	signer   *auth.Signer
	throttle Admitter
	maxBody  int64
	lifetime time.Duration
	now      func() time.Time
	replays  *replayCache
}

// The operation ids of the authority's routes, beside the spec's: fault
// rules and metrics name them.
const (
	OpOpenIDConfiguration = "getOpenIDConfiguration"
	OpSigningKeys         = "getSigningKeys"
	OpToken               = "requestToken"
	OpInstanceDiscovery   = "discoverInstance"
)

// Operations are the operation ids of the authority's routes.
var Operations = []string{OpOpenIDConfiguration, OpSigningKeys, OpToken, OpInstanceDiscovery}

// The tenants that name no tenant: a client-credentials token needs one.
var tenantless = map[string]bool{"common": true, "organizations": true, "consumers": true}

// New builds the authority of cfg, refusing an app that the registrations
// cannot hold: a tenant or client id that is no GUID, an app without
// credential, a permission the API does not know, the same app twice.
func New(cfg Config) (*Authority, error) {
	if cfg.Signer == nil {
		return nil, errors.New("the authority needs a signing key")
	}
	if len(cfg.Apps) == 0 {
		return nil, errors.New("the authority needs at least one registered app")
	}
	a := &Authority{
		tenants:  map[string]map[string]*App{},
		signer:   cfg.Signer,
		throttle: cfg.Throttle,
		maxBody:  cmp.Or(cfg.MaxBodyBytes, 64<<10),
		lifetime: cmp.Or(cfg.TokenLifetime, time.Hour),
		now:      cfg.Now,
		replays:  newReplayCache(maxReplayEntries),
	}
	if a.now == nil {
		a.now = time.Now
	}
	for i := range cfg.Apps {
		app := cfg.Apps[i]
		app.Permissions = append([]string(nil), app.Permissions...)
		if err := app.check(cfg.Permissions); err != nil {
			return nil, fmt.Errorf("app %s: %w", cmp.Or(app.DisplayName, app.ClientID), err)
		}
		apps := a.tenants[app.Tenant]
		if apps == nil {
			apps = map[string]*App{}
			a.tenants[app.Tenant] = apps
		}
		if apps[app.ClientID] != nil {
			return nil, fmt.Errorf("app %s is registered twice in tenant %s", app.ClientID, app.Tenant)
		}
		apps[app.ClientID] = &app
	}
	return a, nil
}

// The authority's routes, as echo writes them.
const (
	pathOpenIDConfiguration = "/:tenant/v2.0/.well-known/openid-configuration"
	pathSigningKeys         = "/:tenant/discovery/v2.0/keys"
	pathToken               = "/:tenant/oauth2/v2.0/token"
	pathInstanceDiscovery   = "/common/discovery/instance"
)

// Register adds the authority's routes to e, each behind the middlewares
// that around returns for its operation id (metrics, faults).
func (a *Authority) Register(e *echo.Echo, around func(operationID string) []echo.MiddlewareFunc) {
	e.GET(pathOpenIDConfiguration, a.openIDConfiguration, around(OpOpenIDConfiguration)...)
	e.GET(pathSigningKeys, a.signingKeys, around(OpSigningKeys)...)
	e.POST(pathToken, a.token, around(OpToken)...)
	e.GET(pathInstanceDiscovery, a.instanceDiscovery, around(OpInstanceDiscovery)...)
}

// IsPath reports whether path is one of the authority's routes, for any
// tenant.
func IsPath(path string) bool {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, route := range []string{pathOpenIDConfiguration, pathSigningKeys, pathToken, pathInstanceDiscovery} {
		want := strings.Split(strings.TrimPrefix(route, "/"), "/")
		if len(segs) != len(want) || segs[0] == "" {
			continue
		}
		match := true
		for i := range want {
			if !strings.HasPrefix(want[i], ":") && segs[i] != want[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// tenant returns the registered apps of the tenant a path names.
func (a *Authority) tenant(name string) (id string, apps map[string]*App, ok bool) {
	id = strings.ToLower(name)
	apps, ok = a.tenants[id]
	return id, apps, ok
}
