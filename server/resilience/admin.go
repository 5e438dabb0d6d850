package resilience

import (
	"crypto/subtle"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/store"
)

// adminState is the body of GET /_emulator/state: every configuration's
// assignments, in order.
type adminState struct {
	Configurations []adminConfiguration `json:"configurations"`
}

type adminConfiguration struct {
	ID          string             `json:"id"`
	Assignments []store.Assignment `json:"assignments"`
}

// registerAdmin serves POST /_emulator/reset, which returns the store to
// its fixtures (every configuration without assignments), and GET
// /_emulator/state, which dumps the store. Both need the admin token.
func (r *Resilience) registerAdmin(e *echo.Echo) {
	guard := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			got := []byte(c.Request().Header.Get(echo.HeaderAuthorization))
			want := []byte("Bearer " + r.adminToken)
			if subtle.ConstantTimeCompare(got, want) != 1 {
				ae := graphhttp.New(http.StatusUnauthorized, "The admin endpoints need the emulator's admin token.")
				ae.Header = http.Header{"WWW-Authenticate": {`Bearer realm="intune-emulator-admin"`}}
				return ae
			}
			return next(c)
		}
	}
	e.POST("/_emulator/reset", func(c echo.Context) error {
		ctx := c.Request().Context()
		for _, id := range r.configIDs {
			if err := r.store.Replace(ctx, id, nil); err != nil {
				return err
			}
		}
		return c.NoContent(http.StatusNoContent)
	}, guard)
	e.GET("/_emulator/state", func(c echo.Context) error {
		ctx := c.Request().Context()
		state := adminState{Configurations: []adminConfiguration{}}
		for _, id := range r.configIDs {
			_, total, err := r.store.List(ctx, id, 0, 0)
			if err != nil {
				return err
			}
			all, _, err := r.store.List(ctx, id, 0, total)
			if err != nil {
				return err
			}
			state.Configurations = append(state.Configurations, adminConfiguration{ID: id, Assignments: all})
		}
		return c.JSON(http.StatusOK, state)
	}, guard)
}
