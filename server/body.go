package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// DefaultMaxBodyBytes is the request body limit when none is configured.
const DefaultMaxBodyBytes = 1 << 20

// readBody reads the whole request body, up to limit bytes, before the
// validator sees it, so that two things are decided with a clear answer:
// a body over the limit is 413 (checked on Content-Length first, so it is
// not even read), and a body that is not UTF-8 is 400, which JSON decoding
// alone would not catch (encoding/json replaces bad bytes with U+FFFD).
// The body is then put back, re-readable through GetBody.
func readBody(limit int64) echo.MiddlewareFunc {
	tooLarge := &apiError{
		status:  http.StatusRequestEntityTooLarge,
		code:    graphcode.RequestEntityTooLarge,
		message: fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit),
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Body == nil || req.Body == http.NoBody {
				return next(c)
			}
			if req.ContentLength > limit {
				return tooLarge
			}
			data, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, limit))
			_ = req.Body.Close()
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				return tooLarge
			}
			if err != nil {
				ae := newAPIError(http.StatusBadRequest, "The request body could not be read.")
				ae.cause = err
				return ae
			}
			if !utf8.Valid(data) {
				return &apiError{status: http.StatusBadRequest, code: graphcode.BadRequest,
					message: "The request body is not valid UTF-8."}
			}
			req.ContentLength = int64(len(data))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
			req.Body, _ = req.GetBody()
			return next(c)
		}
	}
}
