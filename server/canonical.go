package server

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

// canonicalAssignment is a as the service keeps and answers it: the
// canonical @odata.type for the assignment and its target, the default
// source, a null target as none, and none of the control information (@odata.context, ...) that a
// client may send back, which the service ignores.
func canonicalAssignment(a Assignment) Assignment {
	t := gen.EnrollmentConfigurationAssignmentOdataTypeHashed
	if a.OdataType == nil || *a.OdataType == gen.EnrollmentConfigurationAssignmentOdataTypeBare {
		a.OdataType = &t
	}
	if a.Source == nil {
		s := gen.SourceDirect
		a.Source = &s
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
	if _, known := targetsByType[string(raw)]; known && bytes.Contains(raw, []byte(`"#`)) {
		return raw
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
