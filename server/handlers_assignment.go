package server

import (
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/store"
)

// withDefaults fills in what the service supplies when a request leaves it
// out, the id (a fresh GUID from newID), the @odata.type and the source,
// and puts the assignment in its canonical form (see store.Canonical).
// The target otherwise keeps the members sent.
func withDefaults(a store.Assignment, newID func() string) store.Assignment {
	if a.Id == nil {
		id := newID()
		a.Id = &id
	}
	return store.Canonical(a)
}

// applyUpdate merges a PATCH body into the stored assignment: each property
// the body has replaces the stored one, a target as a whole; the others keep
// their values. The id never changes (the handler rejects a different one).
func applyUpdate(a store.Assignment, u gen.EnrollmentConfigurationAssignmentUpdate) store.Assignment {
	if u.OdataType != nil {
		a.OdataType = clonePtr(u.OdataType)
	}
	if u.Target != nil {
		a.Target = cloneTarget(*u.Target)
	}
	if u.Source != nil {
		a.Source = clonePtr(u.Source)
	}
	if u.SourceId != nil {
		a.SourceId = clonePtr(u.SourceId)
	}
	return a
}

// clonePtr returns a pointer to a copy of *p, or nil for nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneTarget copies the union's raw JSON: UnmarshalJSON copies its input,
// and the raw bytes of a decoded target always unmarshal.
func cloneTarget(t gen.AssignmentTarget) gen.AssignmentTarget {
	raw, err := t.MarshalJSON()
	var out gen.AssignmentTarget
	if err == nil {
		_ = out.UnmarshalJSON(raw)
	}
	return out
}
