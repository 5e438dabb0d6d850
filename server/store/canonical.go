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

// canonicalTarget returns the target's JSON in the form the store keeps and
// answers: compact, members in name order, strings in their shortest
// escaping, numbers as written, and a '#' before a bare @odata.type. It
// returns raw itself when raw is that already, and raw when it is not a
// JSON object (which only a store fed directly can hold).
//
// A request's target arrives as its client wrote it, white space and
// member order included; kept in one form, equal targets are equal bytes,
// and the common ones share their bytes (see internTarget).
func canonicalTarget(raw []byte) []byte {
	if canon, ok := canonicalTypeOnly[string(raw)]; ok {
		return canon
	}
	// Formatted into a buffer on the stack: most targets are short, and
	// most arrive in this form already.
	var small [256]byte
	formatted, err := jsontext.AppendFormat(small[:0], raw, jsontext.ReorderRawObjects(true))
	if err != nil || len(formatted) == 0 || formatted[0] != '{' {
		return raw
	}
	if canon, ok := canonicalTypeOnly[string(formatted)]; ok {
		return canon
	}
	at, bare := bareTypeAt(formatted)
	switch {
	case bare:
		out := make([]byte, 0, len(formatted)+1)
		return append(append(append(out, formatted[:at]...), '#'), formatted[at:]...)
	case bytes.Equal(formatted, raw):
		return raw
	}
	return bytes.Clone(formatted)
}

// typeFirst is how a formatted target starts when @odata.type is its first
// member, as it is unless a member's name sorts before '@'.
var typeFirst = []byte(`{"@odata.type":"`)

// bareTypeAt finds the @odata.type of a formatted target, one whose
// strings are in their shortest escaping, and reports where a '#' goes
// when its value is a name without one.
func bareTypeAt(formatted []byte) (int, bool) {
	if bytes.HasPrefix(formatted, typeFirst) {
		at := len(typeFirst)
		return at, formatted[at] != '#'
	}
	// The decoder keeps what it reads: it reads a copy, so that formatted
	// can stay on its caller's stack.
	dec := jsontext.NewDecoder(bytes.NewReader(bytes.Clone(formatted)))
	if _, err := dec.ReadToken(); err != nil {
		return 0, false
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return 0, false
		}
		name := tok.String() // before the next read voids the token
		value, err := dec.ReadValue()
		if err != nil {
			return 0, false
		}
		if name != "@odata.type" || value.Kind() != '"' {
			continue
		}
		if strings.HasPrefix(string(value), `"#`) {
			return 0, false
		}
		// value ends where the decoder is; '#' goes after its opening quote.
		return int(dec.InputOffset()) - len(value) + 1, true
	}
	return 0, false
}

// canonicalTypeOnly maps the compact JSON of each target that is only a
// type name, with or without its '#' (the Create page's example is one),
// to its canonical JSON. The values are shared: callers copy what they
// keep.
var canonicalTypeOnly = func() map[string][]byte {
	m := map[string][]byte{}
	for raw := range targetsByType {
		canon := raw
		if !strings.Contains(raw, `":"#`) {
			canon = strings.Replace(raw, `":"`, `":"#`, 1)
		}
		m[raw] = []byte(canon)
	}
	return m
}()
