package server_test

import (
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// TestConfiguredPageSize: a list without $top pages by Config.PageSize, and
// following @odata.nextLink returns every assignment once, in order.
func TestConfiguredPageSize(t *testing.T) {
	tests := []struct {
		pageSize, stored, top, wantPages int
	}{
		{pageSize: 2, stored: 5, wantPages: 3},
		{pageSize: 2, stored: 4, wantPages: 2},
		{pageSize: 2, stored: 5, top: 5, wantPages: 1},
		{pageSize: 7, stored: 0, wantPages: 1},
	}
	for _, tt := range tests {
		emu := startEmulator(t, func(c *server.Config) { c.PageSize = tt.pageSize })
		var want []any
		for range tt.stored {
			a := emu.create(t, map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})
			want = append(want, a["id"])
		}
		all, pages := emu.listAll(t, knownConfig, tt.top)
		if pages != tt.wantPages {
			t.Errorf("page size %d, %d stored, $top %d: %d pages, want %d", tt.pageSize, tt.stored, tt.top, pages, tt.wantPages)
		}
		var got []any
		for _, a := range all {
			got = append(got, a["id"])
		}
		if len(got) != len(want) {
			t.Fatalf("listed %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("item %d is %v, want %v", i, got[i], want[i])
			}
		}
	}
}

func TestPageSizeIsChecked(t *testing.T) {
	for _, size := range []int{-1, server.MaxPageSize + 1} {
		c := testConfig(nil)
		c.PageSize = size
		if _, err := server.NewEcho(c); err == nil {
			t.Errorf("New accepted page size %d", size)
		}
	}
}
