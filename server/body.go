package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/specfirst/intune-assignments/internal/graphcode"
)

// DefaultMaxBodyBytes is the request body limit when none is configured.
const DefaultMaxBodyBytes = 1 << 20

// readBody reads the whole request body, up to limit bytes, before the
// validator sees it, so that what JSON decoding would let through is
// refused with a clear answer: a body over the limit is 413 (checked on
// Content-Length first, so it is not even read); a body that is not UTF-8
// is 400 (encoding/json would replace bad bytes with U+FFFD); a JSON body
// that is not exactly one JSON value is 400 (a decoder would ignore what
// follows the first value). The body is then put back, re-readable through
// GetBody.
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
				return newAPIError(http.StatusBadRequest, "The request body is not valid UTF-8.")
			}
			if len(data) > 0 && isJSON(req.Header.Get(echo.HeaderContentType)) && !json.Valid(data) {
				return newAPIError(http.StatusBadRequest, malformedJSONMessage(data))
			}
			req.ContentLength = int64(len(data))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
			req.Body, _ = req.GetBody()
			return next(c)
		}
	}
}

// isJSON reports whether a Content-Type is JSON; other types are left to
// the validator, which answers 415.
func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mediaType == echo.MIMEApplicationJSON || strings.HasSuffix(mediaType, "+json"))
}

// malformedJSONMessage says where data stops being one JSON value.
func malformedJSONMessage(data []byte) string {
	var v any
	var syntax *json.SyntaxError
	if err := json.Unmarshal(data, &v); errors.As(err, &syntax) {
		if syntax.Offset >= int64(len(data)) {
			return "The request body is not valid JSON: it ends before the JSON value does."
		}
		return fmt.Sprintf("The request body is not valid JSON: syntax error at byte %d.", syntax.Offset)
	}
	return "The request body is not valid JSON."
}
