package loadbench

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A process that handles SIGTERM and exits 0 stops cleanly; one that dies
// of the signal does not.
func TestProcessStop(t *testing.T) {
	clean, err := Start("clean", "/bin/sh", "-c", `trap 'exit 0' TERM; while :; do sleep 0.02; done`)
	if err != nil {
		t.Fatal(err)
	}
	// Give the shell time to set its trap.
	time.Sleep(100 * time.Millisecond)
	if err := clean.Stop(5 * time.Second); err != nil {
		t.Errorf("clean stop: %v", err)
	}

	killed, err := Start("sleeper", "/bin/sleep", "30")
	if err != nil {
		t.Fatal(err)
	}
	if err := killed.Stop(5 * time.Second); err == nil || !strings.Contains(err.Error(), "sleeper") {
		t.Errorf("stop of a process that dies of SIGTERM: err = %v, want an error naming it", err)
	}
}

func TestProcessWaitReady(t *testing.T) {
	gone, err := Start("gone", "/bin/sh", "-c", "exit 3")
	if err != nil {
		t.Fatal(err)
	}
	notYet := func(context.Context) error { return errors.New("not yet") }
	err = gone.WaitReady(context.Background(), 5*time.Second, notYet)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("err = %v, want the exit status", err)
	}

	slow, err := Start("slow", "/bin/sleep", "30")
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Stop(time.Second)
	if err := slow.WaitReady(context.Background(), 100*time.Millisecond, notYet); err == nil || !strings.Contains(err.Error(), "not yet") {
		t.Errorf("err = %v, want the last readiness error", err)
	}
	calls := 0
	ready := func(context.Context) error {
		if calls++; calls < 3 {
			return errors.New("not yet")
		}
		return nil
	}
	if err := slow.WaitReady(context.Background(), 5*time.Second, ready); err != nil {
		t.Errorf("err = %v", err)
	}
}
