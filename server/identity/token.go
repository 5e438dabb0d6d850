package identity

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// tokenResponse is the token endpoint's answer. expires_in is a number:
// MSAL Node takes a missing one for an already expired token.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	ExtExpiresIn int64  `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
}

// The client_credentials grant and the type of its client assertion.
const (
	grantClientCredentials = "client_credentials"
	assertionTypeJWT       = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// graphResources name Microsoft Graph in a scope: its URI and its
// application id.
var graphResources = []string{"https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"}

// oidcScopes are the scopes MSAL adds to every request (openid
// offline_access profile), which a client-credentials token ignores.
var oidcScopes = map[string]bool{"openid": true, "offline_access": true, "profile": true, "email": true}

// token answers POST /{tenant}/oauth2/v2.0/token for the client_credentials
// grant: it identifies the tenant and the app, asks the throttle,
// authenticates the client by its secret or its certificate, checks the
// scope and issues an app-only access token for Graph with the app's
// permissions as roles.
func (a *Authority) token(c echo.Context) error {
	form, err := a.readForm(c)
	if err != nil {
		return err
	}
	switch grant := form.Get("grant_type"); grant {
	case grantClientCredentials:
	case "":
		return missingParameter("grant_type")
	default:
		return unsupportedGrant(grant)
	}
	name := c.Param("tenant")
	tenant, apps, ok := a.tenant(name)
	switch {
	case tenantless[tenant]:
		return tenantlessGrant(tenant)
	case !ok:
		return unknownTenant(name)
	}
	client, ae := clientOf(c.Request(), form)
	if ae != nil {
		return ae
	}
	app := apps[strings.ToLower(client.id)]
	if app == nil {
		return unknownClient(client.id, tenant)
	}
	// Throttled per registered app, before its credential is checked: the
	// throttle keeps state for the callers it sees, so only known ones.
	if a.throttle != nil {
		caller := &auth.Claims{TenantID: app.Tenant, AppID: app.ClientID, ObjectID: app.ObjectID}
		if ge := a.throttle.Admit(caller, c.Request().Method, a.now()); ge != nil {
			return ge
		}
	}
	acr, ae := a.authenticate(c, app, client)
	if ae != nil {
		return ae
	}
	if ae := checkScope(form.Get("scope"), tenant); ae != nil {
		return ae
	}
	now := a.now()
	raw, err := a.signer.Mint(auth.TokenOptions{
		Roles:          app.Permissions,
		TenantID:       app.Tenant,
		ObjectID:       app.ObjectID,
		AppID:          app.ClientID,
		AppIDACR:       acr,
		AppDisplayName: app.DisplayName,
		AppOnly:        true,
		TTL:            a.lifetime,
		IssuedAt:       now,
	})
	if err != nil {
		return graphhttp.Internal(err)
	}
	// A second less than the token lives, as Entra counts it.
	expiresIn := int64(a.lifetime.Seconds()) - 1
	noStore(c)
	return c.JSON(http.StatusOK, tokenResponse{TokenType: "Bearer", ExpiresIn: expiresIn, ExtExpiresIn: expiresIn, AccessToken: raw})
}

// readForm reads the request's form body, application/x-www-form-urlencoded
// and at most maxBody bytes. Parameters in the query do not count.
func (a *Authority) readForm(c echo.Context) (url.Values, error) {
	req := c.Request()
	media, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil || media != echo.MIMEApplicationForm {
		// What Entra answers a body it cannot read as a form.
		return nil, missingParameter("grant_type")
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, a.maxBody)
	if err := req.ParseForm(); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return nil, newError(http.StatusRequestEntityTooLarge, "invalid_request", 90004, "The request body is larger than %d bytes.", a.maxBody)
		}
		return nil, newError(http.StatusBadRequest, "invalid_request", 90004, "The request isn't properly formatted: the form does not parse.")
	}
	return req.PostForm, nil
}

// clientCredentials are the client's id and credential, from the form
// and from HTTP Basic.
type clientCredentials struct {
	id        string
	secret    string
	assertion string
}

// clientOf reads the client's id and credential: client_id, then either
// client_secret or client_assertion, from the form, or the id and secret
// of HTTP Basic (each form-urlencoded first, RFC 6749 section 2.3.1).
func clientOf(req *http.Request, form url.Values) (clientCredentials, *Error) {
	cc := clientCredentials{id: form.Get("client_id"), secret: form.Get("client_secret"), assertion: form.Get("client_assertion")}
	if user, pass, ok := req.BasicAuth(); ok {
		user, pass = unescape(user), unescape(pass)
		if cc.id != "" && !strings.EqualFold(cc.id, user) {
			return cc, invalidParameter("client_id '%s' is not the client '%s' of the Authorization header.", cc.id, user)
		}
		if cc.secret != "" && cc.secret != pass {
			return cc, invalidParameter("client_secret is given in the form and in the Authorization header, differently.")
		}
		cc.id, cc.secret = user, pass
	}
	if cc.id == "" {
		return cc, missingParameter("client_id")
	}
	if cc.secret != "" && cc.assertion != "" {
		return cc, invalidParameter("a client authenticates with client_secret or with client_assertion, not both.")
	}
	if cc.assertion != "" {
		if t := form.Get("client_assertion_type"); t != assertionTypeJWT {
			return cc, invalidParameter("client_assertion_type '%s'; it must be '%s'.", t, assertionTypeJWT)
		}
	}
	return cc, nil
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// authenticate checks the client's credential against its registration
// and returns its appidacr: "1" for a secret, "2" for a certificate.
func (a *Authority) authenticate(c echo.Context, app *App, cc clientCredentials) (string, *Error) {
	switch {
	case cc.secret != "":
		if app.Secret == "" || subtle.ConstantTimeCompare([]byte(cc.secret), []byte(app.Secret)) != 1 {
			return "", wrongSecret(app.ClientID)
		}
		return "1", nil
	case cc.assertion != "":
		origin := graphhttp.Origin(c)
		if ae := a.checkAssertion(cc.assertion, app, audiences(origin, c.Param("tenant"), app.Tenant)); ae != nil {
			return "", ae
		}
		return "2", nil
	}
	return "", noCredential()
}

// checkScope holds the scope to one resource's .default, Graph's, beside
// the OpenID scopes MSAL adds.
func checkScope(scope, tenant string) *Error {
	scopes := strings.Fields(scope)
	if len(scopes) == 0 {
		return missingParameter("scope")
	}
	resource := ""
	for _, s := range scopes {
		if oidcScopes[strings.ToLower(s)] {
			continue
		}
		if len(s) < len("/.default") || !strings.EqualFold(s[len(s)-len("/.default"):], "/.default") {
			return scopeNotDefault(s)
		}
		r := strings.TrimRight(s[:len(s)-len("/.default")], "/")
		if resource != "" && !strings.EqualFold(resource, r) {
			return tooManyScopes(scope)
		}
		resource = r
	}
	if resource == "" {
		return scopeNotDefault(scope)
	}
	for _, g := range graphResources {
		if strings.EqualFold(resource, g) {
			return nil
		}
	}
	return unknownResource(resource, tenant)
}
