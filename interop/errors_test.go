package interop

import (
	"context"
	"net/http"
	"testing"
)

// TestErrorsAreODataErrors provokes a 403 and 404s and checks that the SDK
// surfaces each as its *odataerrors.ODataError with Graph's error code,
// which is what applications branch on.
func TestErrorsAreODataErrors(t *testing.T) {
	configuration := newConfiguration(t)
	tests := []struct {
		name   string
		role   role
		call   func(ctx context.Context, g graph) error
		status int
		code   string
	}{
		{"create as a reader", reader, func(ctx context.Context, g graph) error {
			_, err := g.assignments(configuration).Post(ctx, newAssignment(allDevices.build(""), ""), nil)
			return err
		}, http.StatusForbidden, "Forbidden"},
		{"get an unknown assignment", writer, func(ctx context.Context, g graph) error {
			_, err := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId("00000000-0000-0000-0000-000000000000").Get(ctx, nil)
			return err
		}, http.StatusNotFound, "ResourceNotFound"},
		{"list an unknown configuration", writer, func(ctx context.Context, g graph) error {
			_, err := g.assignments("unknown-configuration").Get(ctx, nil)
			return err
		}, http.StatusNotFound, "ResourceNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkODataError(t, tt.call(t.Context(), newGraph(t, tt.role)), tt.status, tt.code)
		})
	}
}

// TestReadOnlyTokenReads lists with the read-only token, so that the 403
// above is known to come from the missing write permission and not from a
// token the emulator refuses.
func TestReadOnlyTokenReads(t *testing.T) {
	g := newGraph(t, reader)
	if _, err := g.assignments(newConfiguration(t)).Get(t.Context(), nil); err != nil {
		t.Fatalf("list with %s: %s", spec.readOnlyScope, describeError(err))
	}
}
