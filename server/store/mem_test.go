package store_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// TestMemStoreGivesMemoryBack: the memory a configuration takes follows
// what it holds, also after deletes, with no compaction to wait for.
// (A Go map, for one, keeps the buckets of its largest size.)
func TestMemStoreGivesMemoryBack(t *testing.T) {
	const n = 20_000
	before := liveHeap()
	s, ids := filledStore(t, storeKinds[0], n)
	full := liveHeap() - before
	// Keep every 100th, so that what is left is spread over the whole
	// creation order.
	for i, id := range ids {
		if i%100 != 0 {
			storetest.Must(t, s.Delete(context.Background(), benchConfig, id))
		}
	}
	left := liveHeap() - before
	runtime.KeepAlive(s)
	t.Logf("%d assignments: %d bytes; %d of them: %d bytes", n, full, n/100, left)
	if left > full/20 {
		t.Errorf("after deleting 99%% of %d assignments the store keeps %d of its %d bytes", n, left, full)
	}
}
