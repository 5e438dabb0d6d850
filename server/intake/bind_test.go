package intake

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// TestBinder binds a validated body by exact member names, leaves an
// empty optional body alone, and answers 400 for JSON its type cannot
// hold.
func TestBinder(t *testing.T) {
	type value struct {
		ID   *string `json:"id"`
		Name string  `json:"name"`
	}
	tests := []struct {
		name      string
		validated string // the body as the intake validated it; "" for none
		want      value
		status    int
	}{
		{name: "exact names", validated: `{"name":"n","id":"a"}`, want: value{ID: ptr("a"), Name: "n"}},
		{name: "another case is another member", validated: `{"ID":"b","Name":"m","id":"a"}`, want: value{ID: ptr("a")}},
		{name: "null", validated: `{"id":null}`, want: value{}},
		{name: "no body"},
		{name: "JSON the type cannot hold", validated: `{"id":5}`, status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", http.NoBody)
			if tt.validated != "" {
				b := &validatedBody{data: []byte(tt.validated)}
				b.Reset(b.data)
				req.Body = b
				req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
				req.ContentLength = int64(len(tt.validated))
			}
			c := echo.New().NewContext(req, httptest.NewRecorder())
			var got value
			err := Binder{}.Bind(&got, c)
			if tt.status != 0 {
				var ae *graphhttp.Error
				if !errors.As(err, &ae) || ae.Status != tt.status {
					t.Fatalf("err = %v, want a Graph error %d", err, tt.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.want.Name || (got.ID == nil) != (tt.want.ID == nil) || (got.ID != nil && *got.ID != *tt.want.ID) {
				t.Errorf("bound %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestReleaseGivesBackOnlyValidatedBodies leaves a body the intake did not
// replace as it is, and makes a released one unreadable.
func TestReleaseGivesBackOnlyValidatedBodies(t *testing.T) {
	plain := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	body := plain.Body
	Release(plain)
	if plain.Body != body {
		t.Error("Release replaced a body the intake did not")
	}
	validated := httptest.NewRequest(http.MethodPost, "/", http.NoBody)
	b := &validatedBody{data: []byte(`{}`)}
	b.Reset(b.data)
	validated.Body = b
	Release(validated)
	if validated.Body != http.NoBody || b.data != nil || b.Len() != 0 {
		t.Errorf("after Release the request reads %T, the body holds %q", validated.Body, b.data)
	}
}
func ptr(s string) *string { return &s }
