package waits_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/internal/waits"
)

func TestSleepWaits(t *testing.T) {
	const d = 20 * time.Millisecond
	start := time.Now()
	if err := waits.Sleep(context.Background(), d); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("Sleep returned after %v, want at least %v", elapsed, d)
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := waits.Sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Sleep = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Minute {
		t.Errorf("Sleep returned after %v, long after the context ended", elapsed)
	}
}

func TestSleepWithoutADuration(t *testing.T) {
	if err := waits.Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, d := range []time.Duration{0, -time.Second, time.Hour} {
		if err := waits.Sleep(ctx, d); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep(%v) on a cancelled context = %v, want context.Canceled", d, err)
		}
	}
}
