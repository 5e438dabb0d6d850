package store

import "testing"

// TestCanonicalTarget gives a bare target @odata.type its '#' and leaves
// everything else of the JSON as it was.
func TestCanonicalTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"groupId":"g", "@odata.type" : "microsoft.graph.groupAssignmentTarget"}`, `{"groupId":"g", "@odata.type" : "#microsoft.graph.groupAssignmentTarget"}`},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"\u0023microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"\u0023microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"micro\u0073oft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#micro\u0073oft.graph.allDevicesAssignmentTarget"}`},
		{`{"deviceAndAppManagementAssignmentFilterId":null,"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"}`, `{"deviceAndAppManagementAssignmentFilterId":null,"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"groupId":"@odata.type","@odata.type":"microsoft.graph.groupAssignmentTarget"}`, `{"groupId":"@odata.type","@odata.type":"#microsoft.graph.groupAssignmentTarget"}`},
		{`{"groupId":"@odata.type","@odata.type":"#microsoft.graph.groupAssignmentTarget"}`, `{"groupId":"@odata.type","@odata.type":"#microsoft.graph.groupAssignmentTarget"}`},
		{`{"@odata.type" :
 "#microsoft.graph.groupAssignmentTarget","groupId":"g"}`, `{"@odata.type" :
 "#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}`},
		{`null`, `null`},
		{`{"x":{"@odata.type":"nested"}}`, `{"x":{"@odata.type":"nested"}}`},
		{`{"@odata.type":`, `{"@odata.type":`},
	}
	for _, tt := range tests {
		if got := string(canonicalTarget([]byte(tt.in))); got != tt.want {
			t.Errorf("canonicalTarget(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
