package graphcode

import "testing"

func TestTableRoundTrips(t *testing.T) {
	for _, row := range table {
		if got := Status(row.code); got != row.status {
			t.Errorf("Status(%q) = %d, want %d", row.code, got, row.status)
		}
		if got := Code(row.status); got != row.code {
			t.Errorf("Code(%d) = %q, want %q", row.status, got, row.code)
		}
	}
}

func TestFallbacks(t *testing.T) {
	tests := []struct {
		status int
		code   string
	}{
		{418, BadRequest},
		{409, BadRequest},
		{502, InternalServerError},
		{200, InternalServerError},
	}
	for _, tt := range tests {
		if got := Code(tt.status); got != tt.code {
			t.Errorf("Code(%d) = %q, want %q", tt.status, got, tt.code)
		}
	}
	if got := Status("NoSuchCode"); got != 500 {
		t.Errorf("Status(unknown) = %d, want 500", got)
	}
}

func TestRetryable(t *testing.T) {
	for status, want := range map[int]bool{429: true, 503: true, 504: true, 500: false, 400: false, 404: false, 502: false} {
		if got := Retryable(status); got != want {
			t.Errorf("Retryable(%d) = %v, want %v", status, got, want)
		}
	}
}
