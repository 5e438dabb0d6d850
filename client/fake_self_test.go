package client_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestFakeRejects checks the fake itself: a request the spec does not allow
// must be refused and recorded, or the other tests would prove nothing.
func TestFakeRejects(t *testing.T) {
	const assignments = "/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments"
	valid := `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`
	tests := []struct {
		name, method, path, auth, body string
		accepted                       bool
	}{
		{"valid", http.MethodPost, prefix + assignments, "Bearer " + testToken, valid, true},
		{"outside the prefix", http.MethodPost, "/beta" + assignments, "Bearer " + testToken, valid, false},
		{"no token", http.MethodPost, prefix + assignments, "", valid, false},
		{"another token", http.MethodPost, prefix + assignments, "Bearer other", valid, false},
		{"unknown property", http.MethodPost, prefix + assignments, "Bearer " + testToken, `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"extra":1}`, false},
		{"group without groupId", http.MethodPost, prefix + assignments, "Bearer " + testToken, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}}`, false},
		{"$top out of range", http.MethodGet, prefix + assignments + "?$top=0", "Bearer " + testToken, "", false},
		{"no such operation", http.MethodPut, prefix + assignments, "Bearer " + testToken, valid, false},
	}
	fake, err := startGraphFake(scripted(reply{status: http.StatusNoContent}), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	host := strings.TrimSuffix(fake.URL, prefix)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			req, err := http.NewRequestWithContext(t.Context(), tt.method, host+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			rsp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = rsp.Body.Close()
			accepted := len(fake.Requests()) == 1 && len(fake.Invalid()) == 0
			if accepted != tt.accepted {
				t.Errorf("accepted = %v (status %d, failures %v)", accepted, rsp.StatusCode, fake.Invalid())
			}
			if !accepted && rsp.StatusCode != http.StatusBadRequest {
				t.Errorf("refused with %d, want 400", rsp.StatusCode)
			}
		})
	}
}
