package interop

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
)

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// fmtPtr formats an optional value for a message.
func fmtPtr[T any](p *T) string {
	if p == nil {
		return "absent"
	}
	return fmt.Sprint(*p)
}

// fmtAdditionalData formats a model's AdditionalData for a message: the
// JSON decoder keeps each value behind a pointer.
func fmtAdditionalData(data map[string]any) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(data)) {
		v := data[k]
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			v = rv.Elem().Interface()
		}
		parts = append(parts, fmt.Sprintf("%s: %#v", k, v))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// newAssignment is an assignment to target with sourceId, if not empty, as
// an application builds one for a create or an assign.
func newAssignment(target models.DeviceAndAppManagementAssignmentTargetable, sourceID string) *models.EnrollmentConfigurationAssignment {
	a := models.NewEnrollmentConfigurationAssignment()
	a.SetTarget(target)
	if sourceID != "" {
		a.SetSourceId(ptr(sourceID))
	}
	return a
}

// create creates an assignment to target in configuration and returns it as
// the emulator answered.
func (g graph) create(t *testing.T, configuration string, target models.DeviceAndAppManagementAssignmentTargetable, sourceID string) models.EnrollmentConfigurationAssignmentable {
	t.Helper()
	created, err := g.assignments(configuration).Post(t.Context(), newAssignment(target, sourceID), nil)
	if err != nil {
		t.Fatalf("create %s: %s", targetString(target), describeError(err))
	}
	if deref(created.GetId()) == "" {
		t.Fatalf("create %s: the answer has no id", targetString(target))
	}
	return created
}

// listAll lists a configuration's assignments, every page, in order.
func (g graph) listAll(t *testing.T, configuration string) []models.EnrollmentConfigurationAssignmentable {
	t.Helper()
	var all []models.EnrollmentConfigurationAssignmentable
	page, err := g.assignments(configuration).Get(t.Context(), nil)
	for {
		if err != nil {
			t.Fatalf("list: %s", describeError(err))
		}
		all = append(all, page.GetValue()...)
		next := page.GetOdataNextLink()
		if next == nil {
			return all
		}
		page, err = g.assignments(configuration).WithUrl(*next).Get(t.Context(), nil)
	}
}

// ids returns the ids of assignments, in order.
func ids(assignments []models.EnrollmentConfigurationAssignmentable) []string {
	out := make([]string, len(assignments))
	for i, a := range assignments {
		out[i] = deref(a.GetId())
	}
	return out
}

// checkODataError fails t unless err is the SDK's ODataError with the HTTP
// status and Graph error code.
func checkODataError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) {
		t.Fatalf("got error %T %v; want *odataerrors.ODataError %d %s", err, err, status, code)
	}
	if oe.ResponseStatusCode != status || oe.GetErrorEscaped() == nil || deref(oe.GetErrorEscaped().GetCode()) != code {
		t.Fatalf("got %s; want %d %s", describeError(err), status, code)
	}
}

// describeError spells out an SDK error: ODataError's Error() is the
// message alone, without the status and the code.
func describeError(err error) string {
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) {
		return err.Error()
	}
	main := oe.GetErrorEscaped()
	if main == nil {
		// Error() would dereference the missing message.
		return fmt.Sprintf("HTTP %d without Graph's error body", oe.ResponseStatusCode)
	}
	s := fmt.Sprintf("HTTP %d %s: %s", oe.ResponseStatusCode, deref(main.GetCode()), deref(main.GetMessage()))
	if target := deref(main.GetTarget()); target != "" {
		s += " (target " + target + ")"
	}
	return s
}
