package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"testing"
)

// served is the serve command running in-process.
type served struct {
	lines  chan map[string]any // the JSON log, line by line, after the awaited ones
	stop   context.CancelFunc  // as SIGINT
	exited chan int            // its exit code, once stopped
	logged map[string]map[string]any
}

// startServe runs serve with args (and -log-format json) until the test
// ends, and waits for the log lines whose msg is each of await, which it
// keeps in logged.
func startServe(t *testing.T, e env, args []string, await ...string) *served {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	logR, logW := io.Pipe()
	s := &served{lines: make(chan map[string]any, 100), stop: stop, exited: make(chan int, 1), logged: map[string]map[string]any{}}
	go func() {
		s.exited <- run(ctx, append(append([]string{"serve"}, args...), "-log-format", "json"), e.get, io.Discard, logW)
		logW.Close()
	}()
	go func() {
		defer close(s.lines)
		scanner := bufio.NewScanner(logR)
		for scanner.Scan() {
			var entry map[string]any
			if json.Unmarshal(scanner.Bytes(), &entry) == nil {
				s.lines <- entry
			}
		}
	}()
	t.Cleanup(func() {
		stop()
		for range s.lines {
		}
	})
	for _, msg := range await {
		for s.logged[msg] == nil {
			entry, ok := <-s.lines
			if !ok {
				t.Fatalf("serve stopped before logging %q (exit %d)", msg, <-s.exited)
			}
			if m, _ := entry["msg"].(string); m != "" {
				s.logged[m] = entry
			}
		}
	}
	return s
}

// attr is a string attribute of the awaited log line msg.
func (s *served) attr(msg, key string) string {
	v, _ := s.logged[msg][key].(string)
	return v
}
