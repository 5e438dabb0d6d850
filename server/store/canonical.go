package store

import (
	"bytes"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/specfirst/intune-assignments/gen"
)

// Graph accepts an @odata.type with or without its leading '#', but writes
// it with one: Microsoft's SDKs (Kiota) resolve a target's subtype only from
// the '#' form, and decode a bare name as the base type. The emulator keeps
// and answers the canonical form, whichever form the request used.

// Canonical is a as the service keeps and answers it: the
// canonical @odata.type for the assignment and its target, the default
// source, a null target as none, and none of the control information (@odata.context, ...) that a
// client may send back, which the service ignores.
func Canonical(a Assignment) Assignment {
	needType := a.OdataType == nil || *a.OdataType == gen.EnrollmentConfigurationAssignmentOdataTypeBare
	if needType || a.Source == nil {
		// One allocation for both values, as the create path needs both.
		v := &struct {
			odataType gen.EnrollmentConfigurationAssignmentOdataType
			source    gen.DeviceAndAppManagementAssignmentSource
		}{gen.EnrollmentConfigurationAssignmentOdataTypeHashed, gen.SourceDirect}
		if needType {
			a.OdataType = &v.odataType
		}
		if a.Source == nil {
			a.Source = &v.source
		}
	}
	a.OdataContext, a.OdataEtag, a.OdataId, a.OdataEditLink = nil, nil, nil, nil
	if raw, err := a.Target.MarshalJSON(); err == nil {
		if string(raw) == "null" {
			// No target, however it was written: the zero one.
			a.Target = gen.AssignmentTarget{}
		} else if canon := canonicalTarget(raw); !bytes.Equal(canon, raw) {
			var tg gen.AssignmentTarget
			if tg.UnmarshalJSON(canon) == nil {
				a.Target = tg
			}
		}
	}
	return a
}

// canonicalTarget returns the target's JSON with a '#' before a bare
// @odata.type, or raw itself when it needs none (or is not an object, which
// only a store fed directly can hold).
func canonicalTarget(raw []byte) []byte {
	if hasCanonicalType(raw) {
		return raw
	}
	if canon, ok := canonicalTypeOnly[string(raw)]; ok {
		return canon
	}
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return raw
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return raw
		}
		name := tok.String() // before the next read voids the token
		value, err := dec.ReadValue()
		if err != nil {
			return raw
		}
		if name != "@odata.type" || value.Kind() != '"' {
			continue
		}
		typeName, err := jsontext.AppendUnquote(nil, value)
		if err != nil || strings.HasPrefix(string(typeName), "#") {
			return raw
		}
		// value ends where the decoder is; '#' goes after its opening quote.
		at := int(dec.InputOffset()) - len(value) + 1
		out := make([]byte, 0, len(raw)+1)
		out = append(append(append(out, raw[:at]...), '#'), raw[at:]...)
		return out
	}
	return raw
}

// odataTypeMember is the member name as a target's JSON nearly always
// spells it.
var odataTypeMember = []byte(`"@odata.type"`)

// hasCanonicalType is the quick answer for the common target: one
// "@odata.type" member, written without escapes, whose value starts with
// '#'. Anything else goes through the decoder.
func hasCanonicalType(raw []byte) bool {
	i := bytes.Index(raw, odataTypeMember)
	if i < 0 || bytes.Contains(raw[i+len(odataTypeMember):], odataTypeMember) {
		return false
	}
	rest := bytes.TrimLeft(raw[i+len(odataTypeMember):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	return len(rest) > 1 && rest[0] == '"' && rest[1] == '#'
}

// canonicalTypeOnly maps the JSON of each target that is only a bare type
// name, as encoding/json writes it (the Create page's example is one), to
// its canonical JSON. The values are shared: callers copy what they keep.
var canonicalTypeOnly = func() map[string][]byte {
	m := map[string][]byte{}
	for raw := range targetsByType {
		if !hasCanonicalType([]byte(raw)) {
			m[raw] = []byte(strings.Replace(raw, `":"`, `":"#`, 1))
		}
	}
	return m
}()
