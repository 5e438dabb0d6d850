package server

import (
	"time"

	"github.com/labstack/echo/v4"
)

// pipeline is what every operation's request passes before its handler,
// each fact established once and in this order: who is calling (401, and
// 403 for a kind of token the API refuses), whether they may call this
// operation (403), whether they are throttled (429), the parameters (400),
// then the body (413, 415, 400), read, decoded and validated in one pass.
type pipeline struct {
	auth     *authenticator
	throttle admitter // nil never throttles
	maxBody  int64
	now      func() time.Time
}

// admitter decides whether a caller is throttled: the custom token bucket
// (throttler) or Intune's published limits (intuneThrottler).
type admitter interface {
	admit(claims *Claims, method string, now time.Time) *apiError
}

// guard returns op's middleware, registered on op's echo route.
func (p *pipeline) guard(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if ae := p.check(c, op); ae != nil {
				return ae
			}
			return next(c)
		}
	}
}

func (p *pipeline) check(c echo.Context, op *operation) *apiError {
	claims, ae := p.auth.verify(c.Request().Header.Get(echo.HeaderAuthorization))
	if ae != nil {
		return ae
	}
	if ae := op.authorize(claims); ae != nil {
		return ae
	}
	if p.throttle != nil {
		if ae := p.throttle.admit(claims, c.Request().Method, p.now()); ae != nil {
			return ae
		}
	}
	if ae := op.checkParameters(c); ae != nil {
		return ae
	}
	if op.body != nil {
		return op.intake(c, p.maxBody)
	}
	return nil
}
