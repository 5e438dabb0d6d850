package server

import (
	"bytes"
	"fmt"

	"github.com/specfirst/intune-assignments/gen"
)

// record is how MemStore keeps an assignment: the values themselves rather
// than the generated struct's pointers, which would cost an allocation
// each (and the @odata.type a copy of its string from every request). A
// record is 80 bytes; besides it, an assignment keeps its id's and its
// target's bytes.
//
// Strings are kept as the caller's strings: Go strings are immutable, so
// sharing their bytes cannot let a change through either way. The target's
// bytes are mutable and are copied in and out.
type record struct {
	id        string
	odataType gen.EnrollmentConfigurationAssignmentOdataType // see internOdataType
	sourceID  string
	target    []byte // the target's JSON, as the union holds it
	source    sourceKind
	has       optional
}

// sourceKind is the assignment's source: one of the spec's two values, or
// none.
type sourceKind uint8

const (
	sourceNone sourceKind = iota
	sourceDirect
	sourcePolicySets
)

// optional says which of the optional string properties are present: for
// them an empty string and an absent property differ.
type optional uint8

const (
	hasOdataType optional = 1 << iota
	hasSourceID
)

// newRecord copies a into a record. The id must be set, and a source must
// be one of the spec's values: the API validates both before a store sees
// them, so either missing is a programming error.
func newRecord(a Assignment) (record, error) {
	id, err := assignmentID(a)
	if err != nil {
		return record{}, err
	}
	r := record{id: id}
	if a.OdataType != nil {
		r.has |= hasOdataType
		r.odataType = internOdataType(*a.OdataType)
	}
	if a.Source != nil {
		switch *a.Source {
		case gen.SourceDirect:
			r.source = sourceDirect
		case gen.SourcePolicySets:
			r.source = sourcePolicySets
		default:
			return record{}, fmt.Errorf("assignment %q has source %q, which the spec does not define", id, *a.Source)
		}
	}
	if a.SourceId != nil {
		r.has |= hasSourceID
		r.sourceID = *a.SourceId
	}
	// MarshalJSON hands out the union's own bytes (or "null" for a zero
	// target): copy them.
	raw, err := a.Target.MarshalJSON()
	if err != nil {
		return record{}, fmt.Errorf("assignment %q: target: %w", id, err)
	}
	r.target = bytes.Clone(raw)
	return r, nil
}

// assignment is a copy of the stored assignment.
func (r *record) assignment() Assignment {
	// One allocation holds every value the assignment's pointers point to,
	// instead of one per pointer: a page of a list makes hundreds.
	v := &struct {
		id        string
		odataType gen.EnrollmentConfigurationAssignmentOdataType
		source    gen.DeviceAndAppManagementAssignmentSource
		sourceID  string
	}{id: r.id, odataType: r.odataType, sourceID: r.sourceID}
	a := Assignment{Id: &v.id}
	if r.has&hasOdataType != 0 {
		a.OdataType = &v.odataType
	}
	switch r.source {
	case sourceDirect:
		v.source = gen.SourceDirect
		a.Source = &v.source
	case sourcePolicySets:
		v.source = gen.SourcePolicySets
		a.Source = &v.source
	}
	if r.has&hasSourceID != 0 {
		a.SourceId = &v.sourceID
	}
	// UnmarshalJSON copies the bytes into the union; the stored ones are
	// the JSON of a target, so they unmarshal.
	_ = a.Target.UnmarshalJSON(r.target)
	return a
}

// internOdataType returns the spec's constant for either spelling of the
// assignment's @odata.type, which nearly every assignment has, so that the
// records share its bytes instead of each keeping a copy from its request.
func internOdataType(t gen.EnrollmentConfigurationAssignmentOdataType) gen.EnrollmentConfigurationAssignmentOdataType {
	switch t {
	case gen.EnrollmentConfigurationAssignmentOdataTypeHashed:
		return gen.EnrollmentConfigurationAssignmentOdataTypeHashed
	case gen.EnrollmentConfigurationAssignmentOdataTypeBare:
		return gen.EnrollmentConfigurationAssignmentOdataTypeBare
	}
	return t
}

// assignmentID is a's id; storing an assignment without one is a
// programming error, not a client's.
func assignmentID(a Assignment) (string, error) {
	if a.Id == nil || *a.Id == "" {
		return "", fmt.Errorf("assignment has no id")
	}
	return *a.Id, nil
}

// The names of the sources, addressable for assignmentJSON.
var (
	sourceDirectName     = string(gen.SourceDirect)
	sourcePolicySetsName = string(gen.SourcePolicySets)
)

// json views the record's properties for writing; the view points into
// the record, so it is used under the store's lock.
func (r *record) json() assignmentJSON {
	j := assignmentJSON{id: &r.id, target: r.target}
	if r.has&hasOdataType != 0 {
		j.odataType = (*string)(&r.odataType)
	}
	switch r.source {
	case sourceDirect:
		j.source = &sourceDirectName
	case sourcePolicySets:
		j.source = &sourcePolicySetsName
	}
	if r.has&hasSourceID != 0 {
		j.sourceID = &r.sourceID
	}
	return j
}
