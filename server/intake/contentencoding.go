package intake

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/specfirst/intune-assignments/internal/graphcode"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// acceptedEncodings are the request Content-Encodings the emulator decodes,
// as it says in Accept-Encoding when it refuses another (RFC 7694).
const acceptedEncodings = "gzip, deflate, identity"

// maxEncodings bounds how many codings one body may be wrapped in.
const maxEncodings = 3

// contentCodings returns the codings of a request body, in the order they
// were applied, without identity; or the 415 for a coding the emulator
// cannot decode. Microsoft's Graph SDKs gzip every body, and send it again
// uncompressed only after a 415.
func contentCodings(h http.Header) ([]string, *graphhttp.Error) {
	var codings []string
	for _, value := range h.Values("Content-Encoding") {
		for _, coding := range strings.Split(value, ",") {
			coding = strings.ToLower(strings.TrimSpace(coding))
			switch coding {
			case "", "identity":
			case "gzip", "x-gzip", "deflate":
				codings = append(codings, coding)
			default:
				return nil, unsupportedEncoding(fmt.Sprintf("Content-Encoding '%s' is not supported; send the body uncompressed, or with gzip or deflate.", coding))
			}
		}
	}
	if len(codings) > maxEncodings {
		return nil, unsupportedEncoding(fmt.Sprintf("The body has %d content codings; at most %d are supported.", len(codings), maxEncodings))
	}
	return codings, nil
}

func unsupportedEncoding(msg string) *graphhttp.Error {
	return &graphhttp.Error{
		Status:  http.StatusUnsupportedMediaType,
		Code:    graphcode.UnsupportedMediaType,
		Message: msg,
		Header:  http.Header{"Accept-Encoding": {acceptedEncodings}},
	}
}

// decodingReader undoes codings, the last applied first. A stream that
// does not start as its coding says is a corruptBodyError.
func decodingReader(r io.Reader, codings []string) (io.Reader, error) {
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		switch codings[i] {
		case "gzip", "x-gzip":
			r, err = gzip.NewReader(r)
		case "deflate":
			r, err = deflateReader(r)
		}
		if err != nil {
			return nil, &corruptBodyError{coding: codings[i], err: err}
		}
	}
	return r, nil
}

// deflateReader reads "deflate", which RFC 9110 defines as a zlib stream;
// some clients send a raw DEFLATE stream instead, which is read as such
// when the first two bytes are not a zlib header.
func deflateReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil {
		return nil, err
	}
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// corruptBodyError is a compressed body that cannot be decompressed.
type corruptBodyError struct {
	coding string
	err    error
}

func (e *corruptBodyError) Error() string { return e.coding + ": " + e.err.Error() }
func (e *corruptBodyError) Unwrap() error { return e.err }
