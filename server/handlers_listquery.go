package server

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/odata"
	"github.com/specfirst/intune-assignments/server/store"
)

// listQuery is the OData query of a list, a count or a get, parsed. The
// option texts are kept as given, to carry them into @odata.nextLink.
type listQuery struct {
	skip, top int
	count     bool

	filter     *odata.Filter
	filterText string

	orderBy     []odata.OrderTerm
	orderByText string

	sel        store.Fields
	selectText string
}

// plain reports whether the query keeps every assignment in creation
// order, so that a store can write the page straight from what it holds.
func (q *listQuery) plain() bool { return q.filter == nil && q.orderBy == nil && !q.count }

// optionError is a query option the spec's schema lets through but that
// does not parse: a 400 naming the option.
type optionError struct {
	option, message string
}

// parseFilter parses $filter, when given.
func (q *listQuery) parseFilter(text *string) *optionError {
	f, oe := parseOption("$filter", text, odata.ParseFilter)
	if oe == nil && text != nil {
		q.filter, q.filterText = f, *text
	}
	return oe
}

// parseOrderBy parses $orderby, when given.
func (q *listQuery) parseOrderBy(text *string) *optionError {
	terms, oe := parseOption("$orderby", text, odata.ParseOrderBy)
	if oe == nil && text != nil {
		q.orderBy, q.orderByText = terms, *text
	}
	return oe
}

// parseSelect parses $select, when given.
func (q *listQuery) parseSelect(text *string) *optionError {
	s, oe := parseOption("$select", text, odata.ParseSelect)
	if oe == nil && text != nil {
		q.sel, q.selectText = selectionOf(s), *text
	}
	return oe
}

// parseOption parses an option's text with parse, when the option is
// given; its error names the option.
func parseOption[T any](option string, text *string, parse func(string) (T, error)) (T, *optionError) {
	var zero T
	if text == nil {
		return zero, nil
	}
	v, err := parse(*text)
	if err != nil {
		return zero, newOptionError(option, err)
	}
	return v, nil
}

func newOptionError(option string, err error) *optionError {
	var se *odata.SyntaxError
	if errors.As(err, &se) {
		return &optionError{option: option, message: se.Error()}
	}
	return &optionError{option: option, message: option + ": " + err.Error()}
}

// selectFields pairs the $select fields with the properties they keep, in
// the order @odata.context names them.
var selectFields = []struct {
	field odata.Field
	bit   store.Fields
}{{odata.FieldID, store.FieldID}, {odata.FieldTarget, store.FieldTarget}, {odata.FieldSource, store.FieldSource}, {odata.FieldSourceID, store.FieldSourceID}}

// selectionOf is the properties s keeps; zero for all of them.
func selectionOf(s odata.Selection) store.Fields {
	if s.All() {
		return 0
	}
	var sel store.Fields
	for _, f := range selectFields {
		if s.Has(f.field) {
			sel |= f.bit
		}
	}
	return sel
}

// selectNames lists what sel keeps, as @odata.context names them.
func selectNames(sel store.Fields) string {
	var names []string
	for _, f := range selectFields {
		if sel&f.bit != 0 {
			names = append(names, f.field.String())
		}
	}
	return strings.Join(names, ",")
}

// entity is an assignment as $filter and $orderby see it, its target
// decoded once.
type entity struct {
	a      *store.Assignment
	target struct {
		Type         string  `json:"@odata.type"`
		GroupID      *string `json:"groupId"`
		CollectionID *string `json:"collectionId"`
		FilterID     *string `json:"deviceAndAppManagementAssignmentFilterId"`
		FilterType   *string `json:"deviceAndAppManagementAssignmentFilterType"`
	}
}

var _ odata.Entity = (*entity)(nil)

func newEntity(a *store.Assignment) *entity {
	e := &entity{a: a}
	if raw, err := a.Target.MarshalJSON(); err == nil {
		// A target that does not decode (only a store fed directly can hold
		// one) has no properties to match.
		_ = json.Unmarshal(raw, &e.target)
	}
	return e
}

// Value implements odata.Entity, with the defaults an unset source (direct)
// and filter type (none) read as.
func (e *entity) Value(p odata.Property) (string, bool) {
	switch p {
	case odata.PropID:
		return deref(e.a.Id)
	case odata.PropSource:
		if e.a.Source == nil {
			return string(gen.SourceDirect), true
		}
		return string(*e.a.Source), true
	case odata.PropSourceID:
		return deref(e.a.SourceId)
	case odata.PropGroupID:
		return deref(e.target.GroupID)
	case odata.PropCollectionID:
		return deref(e.target.CollectionID)
	case odata.PropFilterID:
		return deref(e.target.FilterID)
	case odata.PropFilterType:
		if e.target.FilterType == nil {
			return string(gen.FilterTypeNone), true
		}
		return *e.target.FilterType, true
	}
	return "", false
}

// TargetType implements odata.Entity.
func (e *entity) TargetType() string { return strings.TrimPrefix(e.target.Type, "#") }

func deref(p *string) (string, bool) {
	if p == nil {
		return "", false
	}
	return *p, true
}
