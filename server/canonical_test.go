package server

import "testing"

func TestCanonicalTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"groupId":"g", "@odata.type" : "microsoft.graph.groupAssignmentTarget"}`, `{"groupId":"g", "@odata.type" : "#microsoft.graph.groupAssignmentTarget"}`},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"\u0023microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"\u0023microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"micro\u0073oft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#micro\u0073oft.graph.allDevicesAssignmentTarget"}`},
		{`{"deviceAndAppManagementAssignmentFilterId":null,"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"}`, `{"deviceAndAppManagementAssignmentFilterId":null,"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
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
