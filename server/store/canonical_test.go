package store

import "testing"

// TestCanonicalTarget puts a target's JSON in the one form the store
// keeps: compact, members in name order, strings in their shortest
// escaping, numbers as written, and a '#' before a bare @odata.type.
func TestCanonicalTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"groupId":"g", "@odata.type" : "microsoft.graph.groupAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"\u0023microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"@odata.type":"micro\u0073oft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`},
		{`{"deviceAndAppManagementAssignmentFilterId":null,"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":null}`},
		{`{"groupId":"@odata.type","@odata.type":"microsoft.graph.groupAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"@odata.type"}`},
		{`{"groupId":"@odata.type","@odata.type":"#microsoft.graph.groupAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"@odata.type"}`},
		{`{"@odata.type" :
 "#microsoft.graph.groupAssignmentTarget","groupId":"g"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{
    "@odata.type": "microsoft.graph.deviceAndAppManagementAssignmentTarget"
  }`, `{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}`},
		{`{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}`},
		{`{"groupId":"a&b<c>\u00e9","@odata.type":"#microsoft.graph.groupAssignmentTarget"}`, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"a&b<c>é"}`},
		{`{"n":1.50,"@odata.type":"#x"}`, `{"@odata.type":"#x","n":1.50}`},
		{`null`, `null`},
		{`{"x":{"@odata.type":"nested"}}`, `{"x":{"@odata.type":"nested"}}`},
		{`{"@odata.type":`, `{"@odata.type":`},
	}
	for _, tt := range tests {
		got := canonicalTarget([]byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("canonicalTarget(%s) = %s, want %s", tt.in, got, tt.want)
		}
		if again := canonicalTarget(got); string(again) != string(got) {
			t.Errorf("canonicalTarget(%s) = %s, not its own canonical form", got, again)
		}
	}
}
