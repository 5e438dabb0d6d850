package identity

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// Error is a refusal of the authority, in Entra's terms: the HTTP status,
// the OAuth 2.0 error code, the AADSTS code and its description.
type Error struct {
	Status      int
	Code        string // invalid_request, invalid_client, ...
	AADSTS      int
	Description string
	Header      http.Header
	Cause       error // for the logs only
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%d %s: AADSTS%d: %s", e.Status, e.Code, e.AADSTS, e.Description)
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Cause }

// errorBody is Entra's error answer.
type errorBody struct {
	Error         string `json:"error"`
	Description   string `json:"error_description"`
	ErrorCodes    []int  `json:"error_codes"`
	Timestamp     string `json:"timestamp"`
	TraceID       string `json:"trace_id"`
	CorrelationID string `json:"correlation_id"`
	ErrorURI      string `json:"error_uri"`
}

// entraTime is how Entra writes the time of an error.
const entraTime = "2006-01-02 15:04:05Z"

func newError(status int, code string, aadsts int, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, AADSTS: aadsts, Description: fmt.Sprintf(format, args...)}
}

// The refusals, each with the code Entra answers it with.

func missingParameter(name string) *Error {
	return newError(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: '%s'.", name)
}

func invalidParameter(format string, args ...any) *Error {
	return newError(http.StatusBadRequest, "invalid_request", 90100, "The parameter is empty or not valid: "+format, args...)
}

func unknownTenant(tenant string) *Error {
	return newError(http.StatusBadRequest, "invalid_request", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
}

func unknownTenantDiscovery(tenant string) *Error {
	e := unknownTenant(tenant)
	e.Code = "invalid_tenant"
	return e
}

func tenantlessGrant(tenant string) *Error {
	return newError(http.StatusBadRequest, "invalid_request", 9001023, "The grant type isn't supported over the /%s endpoint. Use a tenant-specific endpoint: the client credentials grant needs the tenant.", tenant)
}

func unsupportedGrant(grant string) *Error {
	return newError(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'. This authority issues tokens for the client_credentials grant only.", grant)
}

func unknownClient(clientID, tenant string) *Error {
	return newError(http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", clientID, tenant)
}

func noCredential() *Error {
	return newError(http.StatusUnauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
}

func wrongSecret(clientID string) *Error {
	return newError(http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", clientID)
}

// badAssertion is a client assertion refused with code: 700027 (key or
// signature), 700021 (iss or sub), 700023 (aud), 700024 (time), 50013
// (replayed or incomplete) or 50027 (not a JWT).
func badAssertion(code int, format string, args ...any) *Error {
	return newError(http.StatusUnauthorized, "invalid_client", code, format, args...)
}

func scopeNotDefault(scope string) *Error {
	return newError(http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)
}

func unknownResource(resource, tenant string) *Error {
	return newError(http.StatusBadRequest, "invalid_resource", 500011, "The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. This authority issues tokens for Microsoft Graph only.", resource, tenant)
}

func tooManyScopes(scope string) *Error {
	return newError(http.StatusBadRequest, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. The scope %s is not valid: a token is for one resource.", scope)
}

// ErrorHandler answers the errors of the authority's routes in Entra's
// shape and hands every other request's to next. Its own refusals carry
// their answer; what the server's middlewares return on its routes
// (throttling, injected faults, a method the route does not have) keeps
// its status and headers and gets the AADSTS code Entra gives it.
func ErrorHandler(next echo.HTTPErrorHandler, logger *slog.Logger, now func() time.Time) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if !IsPath(c.Request().URL.Path) {
			next(err, c)
			return
		}
		ctx := c.Request().Context()
		info := graphhttp.RequestInfoFrom(ctx)
		if c.Response().Committed {
			logger.ErrorContext(ctx, "error after the response was sent", "request_id", info.RequestID, "error", err)
			return
		}
		ae := toError(err, c)
		if ae.Status >= http.StatusInternalServerError {
			logger.ErrorContext(ctx, "request failed", "request_id", info.RequestID, "method", c.Request().Method,
				"path", c.Request().URL.Path, "status", ae.Status, "error", err)
		}
		for name, values := range ae.Header {
			c.Response().Header()[name] = values
		}
		stamp := now().UTC().Format(entraTime)
		body := errorBody{
			Error: ae.Code,
			Description: fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
				ae.AADSTS, ae.Description, info.RequestID, info.ClientRequestID, stamp),
			ErrorCodes:    []int{ae.AADSTS},
			Timestamp:     stamp,
			TraceID:       info.RequestID,
			CorrelationID: info.ClientRequestID,
			ErrorURI:      "https://login.microsoftonline.com/error?code=" + strconv.Itoa(ae.AADSTS),
		}
		noStore(c)
		if err := c.JSON(ae.Status, body); err != nil {
			logger.ErrorContext(ctx, "writing the error response failed", "request_id", info.RequestID, "error", err)
		}
	}
}

// toError decides how err is answered on an authority route.
func toError(err error, c echo.Context) *Error {
	if ae := (*Error)(nil); errors.As(err, &ae) {
		return ae
	}
	if ge := (*graphhttp.Error)(nil); errors.As(err, &ge) {
		return fromStatus(ge.Status, ge.Header, err, c)
	}
	if he := (*echo.HTTPError)(nil); errors.As(err, &he) {
		return fromStatus(he.Code, nil, err, c)
	}
	return fromStatus(http.StatusInternalServerError, nil, err, c)
}

// fromStatus words an answer that another part of the server chose, by
// its status.
func fromStatus(status int, header http.Header, cause error, c echo.Context) *Error {
	var e *Error
	switch {
	case status == http.StatusTooManyRequests:
		e = newError(status, "temporarily_unavailable", 90055, "There are too many incoming requests. Retry later, after the time in Retry-After if there is one.")
	case status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout:
		e = newError(status, "temporarily_unavailable", 90006, "The service is temporarily unavailable. Retry later.")
	case status == http.StatusMethodNotAllowed:
		// echo lists OPTIONS, which the authority does not answer.
		allow, _ := c.Get(echo.ContextKeyHeaderAllow).(string)
		allow = strings.TrimPrefix(allow, "OPTIONS, ")
		header = http.Header{echo.HeaderAllow: {allow}}
		e = newError(status, "invalid_request", 900561, "The endpoint only accepts %s requests. Received a %s request.", allow, c.Request().Method)
	case status >= http.StatusInternalServerError:
		e = newError(status, "server_error", 50000, "There was an error issuing a token or an authorization code. Quote the trace id when reporting it.")
	default:
		e = newError(status, "invalid_request", 90004, "The request isn't properly formatted.")
	}
	e.Header, e.Cause = header, cause
	return e
}

// noStore marks an answer of the authority as never to be cached, as
// Entra's are.
func noStore(c echo.Context) {
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Pragma", "no-cache")
}
