package intake

import (
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// Pipeline is what every operation's request passes before its handler,
// each fact established once and in this order: who is calling (401, and
// 403 for a kind of token the API refuses), whether they may call this
// operation (403), whether they are throttled (429), the parameters (400),
// then the body (413, 415, 400), read, decoded and validated in one pass.
type Pipeline struct {
	Auth     *auth.Authenticator
	Throttle Admitter // nil never throttles
	MaxBody  int64    // the largest request body, in bytes
	Now      func() time.Time
}

// Admitter decides whether a caller is throttled (the resilience
// package's token bucket or Intune's limits): nil to let the request
// through, else the 429 to answer.
type Admitter interface {
	Admit(claims *auth.Claims, method string, now time.Time) *graphhttp.Error
}

// Guard returns op's middleware, registered on op's echo route.
func (p *Pipeline) Guard(op *Operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if ae := p.check(c, op); ae != nil {
				return ae
			}
			return next(c)
		}
	}
}

func (p *Pipeline) check(c echo.Context, op *Operation) *graphhttp.Error {
	claims, ae := p.Auth.Verify(c.Request().Header.Get(echo.HeaderAuthorization))
	if ae != nil {
		return ae
	}
	if ae := p.Auth.Authorize(claims, op.permissions); ae != nil {
		return ae
	}
	if p.Throttle != nil {
		if ae := p.Throttle.Admit(claims, c.Request().Method, p.Now()); ae != nil {
			return ae
		}
	}
	if ae := op.checkParameters(c); ae != nil {
		return ae
	}
	if op.body != nil {
		return op.intake(c, p.MaxBody)
	}
	return nil
}
