package store

import (
	"fmt"
	"unsafe"

	"github.com/specfirst/intune-assignments/gen"
)

// record is how MemStore keeps an assignment: the values themselves rather
// than the generated struct's pointers, which would cost an allocation
// each, in canonical form (see Canonical). A record is 48 bytes:
// what nearly every assignment has (the id, the target, the @odata.type, a
// source) is in it, and what few have (a sourceId, an @odata.type the spec
// does not name, which only a store fed directly can get) behind one
// pointer.
// Besides it, an assignment keeps its id's and its target's bytes.
//
// Strings are kept as the caller's strings: Go strings are immutable, so
// sharing their bytes cannot let a change through either way. The target's
// JSON is copied in as a string, so it too is immutable: a target that is
// only a type name, as all-devices and all-users targets are, shares one
// string of the known ones (see internTarget).
type record struct {
	id        string
	target    string // the target's JSON, as the union holds it
	rare      *rareProperties
	odataType odataTypeCode
	source    sourceKind
}

// rareProperties are the properties few assignments have; nil, or absent,
// is no such property.
type rareProperties struct {
	sourceID  *string
	odataType string // when odataType is odataTypeOther
}

// odataTypeCode is the assignment's @odata.type: absent or the spec's,
// both of which read as the spec's in its canonical spelling, or another
// value kept in rareProperties.
type odataTypeCode uint8

const (
	odataTypeNone odataTypeCode = iota
	odataTypeHashed
	odataTypeOther
)

// The spec's spellings of the assignment's @odata.type and source,
// addressable, for the views of a record.
var (
	odataTypeHashedName  = gen.EnrollmentConfigurationAssignmentOdataTypeHashed
	sourceDirectName     = gen.SourceDirect
	sourcePolicySetsName = gen.SourcePolicySets
)

// sourceKind is the assignment's source: one of the spec's two values, or
// none, which reads as direct, the default.
type sourceKind uint8

const (
	sourceNone sourceKind = iota
	sourceDirect
	sourcePolicySets
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
		switch *a.OdataType {
		case gen.EnrollmentConfigurationAssignmentOdataTypeHashed, gen.EnrollmentConfigurationAssignmentOdataTypeBare:
			r.odataType = odataTypeHashed
		default:
			r.odataType = odataTypeOther
			r.rare = &rareProperties{odataType: string(*a.OdataType)}
		}
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
		if r.rare == nil {
			r.rare = &rareProperties{}
		}
		sourceID := *a.SourceId
		r.rare.sourceID = &sourceID
	}
	// MarshalJSON hands out the union's own bytes (or "null" for a zero
	// target): internTarget copies them.
	raw, err := a.Target.MarshalJSON()
	if err != nil {
		return record{}, fmt.Errorf("assignment %q: target: %w", id, err)
	}
	r.target = internTarget(canonicalTarget(raw))
	return r, nil
}

// json views the record's properties for writing; the view points into
// the record, so it is used under the store's lock.
func (r *record) json() View {
	// The target's bytes are only read, appended to a response.
	j := View{id: &r.id, target: unsafe.Slice(unsafe.StringData(r.target), len(r.target))}
	// In canonical form, the defaults included (see Canonical),
	// whatever the store was given.
	j.odataType = (*string)(&odataTypeHashedName)
	if r.odataType == odataTypeOther {
		j.odataType = &r.rare.odataType
	}
	j.source = (*string)(&sourceDirectName)
	if r.source == sourcePolicySets {
		j.source = (*string)(&sourcePolicySetsName)
	}
	if r.rare != nil {
		j.sourceID = r.rare.sourceID
	}
	return j
}

// assignment is a copy of the stored assignment.
func (r *record) assignment() Assignment {
	j := r.json()
	// One allocation holds every value the assignment's pointers point to,
	// instead of one per pointer.
	v := &struct {
		id, sourceID string
		odataType    gen.EnrollmentConfigurationAssignmentOdataType
		source       gen.DeviceAndAppManagementAssignmentSource
	}{id: r.id}
	a := Assignment{Id: &v.id}
	if j.odataType != nil {
		v.odataType = gen.EnrollmentConfigurationAssignmentOdataType(*j.odataType)
		a.OdataType = &v.odataType
	}
	if j.source != nil {
		v.source = gen.DeviceAndAppManagementAssignmentSource(*j.source)
		a.Source = &v.source
	}
	if j.sourceID != nil {
		v.sourceID = *j.sourceID
		a.SourceId = &v.sourceID
	}
	// UnmarshalJSON copies the bytes into the union; the stored ones are
	// the JSON of a target, so they unmarshal.
	// A zero target, stored as null, stays zero.
	if string(j.target) != "null" {
		_ = a.Target.UnmarshalJSON(j.target)
	}
	return a
}

// changedRecord applies change to a copy of r's assignment and returns the
// record to store in r's place, and the assignment as stored. change must
// keep the id; the new record keeps r's id string, which the set's id index
// shares, rather than a second copy of it.
func changedRecord(r *record, change func(Assignment) (Assignment, error)) (record, Assignment, error) {
	updated, err := change(r.assignment())
	if err != nil {
		return record{}, Assignment{}, err
	}
	if newID, err := assignmentID(updated); err != nil || newID != r.id {
		return record{}, Assignment{}, fmt.Errorf("update of assignment %q changed its id", r.id)
	}
	next, err := newRecord(updated)
	if err != nil {
		return record{}, Assignment{}, err
	}
	next.id = r.id
	return next, next.assignment(), nil
}

// assignmentID is a's id; storing an assignment without one is a
// programming error, not a client's.
func assignmentID(a Assignment) (string, error) {
	if a.Id == nil || *a.Id == "" {
		return "", fmt.Errorf("assignment has no id")
	}
	return *a.Id, nil
}

// targetsByType are the JSON of the targets that hold nothing but their
// @odata.type, for each name the spec's discriminator knows, as
// encoding/json writes them: what a validated request's target is when it
// has no groupId, collectionId or filter.
var targetsByType = func() map[string]string {
	known := map[string]string{}
	for _, name := range []string{
		string(gen.DeviceAndAppManagementAssignmentTargetOdataTypeHashed), string(gen.DeviceAndAppManagementAssignmentTargetOdataTypeBare),
		string(gen.AllDevicesAssignmentTargetOdataTypeHashed), string(gen.AllDevicesAssignmentTargetOdataTypeBare),
		string(gen.AllLicensedUsersAssignmentTargetOdataTypeHashed), string(gen.AllLicensedUsersAssignmentTargetOdataTypeBare),
		string(gen.GroupAssignmentTargetOdataTypeHashed), string(gen.GroupAssignmentTargetOdataTypeBare),
		string(gen.ExclusionGroupAssignmentTargetOdataTypeHashed), string(gen.ExclusionGroupAssignmentTargetOdataTypeBare),
		string(gen.ConfigurationManagerCollectionAssignmentTargetOdataTypeHashed), string(gen.ConfigurationManagerCollectionAssignmentTargetOdataTypeBare),
	} {
		raw := `{"@odata.type":"` + name + `"}`
		known[raw] = raw
	}
	return known
}()

// internTarget returns raw as a string, shared with every other record
// when it is one of targetsByType. The lookup converts without copying.
func internTarget(raw []byte) string {
	if known, ok := targetsByType[string(raw)]; ok {
		return known
	}
	return string(raw)
}
