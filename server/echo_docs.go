package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
)

// registerDocs serves the API reference at GET /docs: the page that
// `make docs` renders from the spec with Redocly, embedded in the binary.
// It needs no network, as the emulator runs offline; Redoc navigates within
// it by the URL fragment (/docs#/...), so one route serves it all.
func registerDocs(e *echo.Echo) {
	e.GET("/docs", func(c echo.Context) error {
		return c.HTMLBlob(http.StatusOK, gen.DocsHTML)
	})
}
