package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// utf8BOM is the UTF-8 byte-order mark. RFC 8259 lets a parser ignore it,
// and tools on Windows (PowerShell 5's Out-File, Notepad) put it in front
// of files people then send as bodies, so it is skipped, not refused.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decoder is a jsontext decoder and the reader it reads, kept in a pool:
// the decoder's buffers and duplicate-name tables are reused from one
// request to the next.
type decoder struct {
	*jsontext.Decoder
	in bytes.Reader
}

var decoders = sync.Pool{New: func() any {
	d := &decoder{}
	d.Decoder = jsontext.NewDecoder(&d.in)
	return d
}}

// decodeJSON decodes data, which must be exactly one JSON value, into the
// generic form kin-openapi validates: map[string]any, []any, string,
// json.Number, bool and nil. It is stricter than encoding/json where
// encoding/json would change what the client meant: invalid UTF-8 (which
// encoding/json turns into U+FFFD), a member name that appears twice in an
// object (which encoding/json lets the last one win, and Graph's OData
// reader refuses), and anything after the value. The error says where.
//
// Strings equal to one of known are that string, shared.
func decodeJSON(data []byte, known knownStrings) (any, *graphhttp.Error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		return nil, graphhttp.New(400, "The request body is not valid UTF-8.")
	}
	d := decoders.Get().(*decoder)
	defer decoders.Put(d)
	d.in.Reset(data)
	dec := d.Decoder
	dec.Reset(&d.in)
	v, err := readJSONValue(dec, known)
	if err == nil {
		// After the value only white space may follow.
		end := dec.InputOffset()
		if _, err = dec.ReadToken(); err == io.EOF {
			return v, nil
		}
		if err == nil {
			rest := data[end:]
			second := end + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n"))) + 1
			return nil, graphhttp.New(400, fmt.Sprintf(
				"The request body is not valid JSON: it holds more than one JSON value (the second starts at byte %d).", second))
		}
	}
	return nil, jsonSyntaxError(err, len(data))
}

// readJSONValue reads the next value from dec.
func readJSONValue(dec *jsontext.Decoder, known knownStrings) (any, error) {
	if dec.PeekKind() == '"' {
		s, err := readJSONString(dec, known)
		return s.any, err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '{':
		obj := objects.Get().(map[string]any)
		for dec.PeekKind() != '}' {
			name, err := readJSONString(dec, known)
			if err != nil {
				return nil, err
			}
			v, err := readJSONValue(dec, known)
			if err != nil {
				return nil, err
			}
			obj[name.s] = v
		}
		_, err := dec.ReadToken()
		return obj, err
	case '[':
		arr := []any{}
		for dec.PeekKind() != ']' {
			v, err := readJSONValue(dec, known)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.ReadToken()
		return arr, err
	case '0':
		// Kept as written, as kin-openapi's own decoder does, so that a
		// number no float64 can hold is a type error, not a decoding one.
		return json.Number(tok.String()), nil
	case 't', 'f':
		return tok.Bool(), nil
	case 'n':
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok.Kind())
}

// objects keeps the maps of decoded bodies from one request to the next: a
// body's generic form is needed only while it is validated (Binder decodes
// the handler's value from the bytes), and a small map costs two
// allocations, its header and its first group of slots, which clear keeps.
var objects = sync.Pool{New: func() any { return map[string]any{} }}

// maxPooledMembers keeps the map of an unusually wide object out of the
// pool, which would otherwise hold its slots for good.
const maxPooledMembers = 32

// release gives the maps of a decoded value back to objects. The value
// must not be used after: only what nothing else holds is released, a body
// that was validated without error.
func release(v any) {
	switch v := v.(type) {
	case map[string]any:
		for _, member := range v {
			release(member)
		}
		if len(v) <= maxPooledMembers {
			clear(v)
			objects.Put(v)
		}
	case []any:
		for _, item := range v {
			release(item)
		}
	}
}

// readJSONString reads the next string, a value or an object's member
// name, as its raw bytes: a string without escapes is those bytes within
// the quotes, looked up in known without a copy.
func readJSONString(dec *jsontext.Decoder, known knownStrings) (knownString, error) {
	raw, err := dec.ReadValue()
	if err != nil {
		return knownString{}, err
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return known.get(raw[1 : len(raw)-1]), nil
	}
	// The bytes are only valid until the next read.
	unquoted, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return knownString{}, err
	}
	return known.get(unquoted), nil
}

// jsonSyntaxError words why a body is not one JSON value, naming the
// position and, for a repeated member, the member.
func jsonSyntaxError(err error, size int) *graphhttp.Error {
	const prefix = "The request body is not valid JSON: "
	var se *jsontext.SyntacticError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if size == 0 {
			return graphhttp.New(400, "A request body is required.")
		}
		return graphhttp.New(400, prefix+"it ends before the JSON value does.")
	case errors.As(err, &se) && errors.Is(se.Err, jsontext.ErrDuplicateName):
		path := slices.Collect(se.JSONPointer.Tokens())
		ae := graphhttp.New(400, fmt.Sprintf("The request body is not valid: the member %q appears more than once in the same object.", propertyPath(path)))
		ae.Target = propertyPath(path)
		return ae.WithCause(err)
	case errors.As(err, &se) && errors.Is(se.Err, io.ErrUnexpectedEOF):
		return graphhttp.New(400, prefix+"it ends before the JSON value does.").WithCause(err)
	case errors.As(err, &se):
		// Offsets count from 1, as editors number columns.
		return graphhttp.New(400, prefix+"syntax error at byte "+strconv.FormatInt(se.ByteOffset+1, 10)+".").WithCause(err)
	}
	return graphhttp.New(400, prefix[:len(prefix)-2]+".").WithCause(err)
}
