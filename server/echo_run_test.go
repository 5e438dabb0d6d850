package server_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
)

// blockingStore holds every Create until release is closed, after telling
// entered that one has arrived: a request in flight, on demand.
type blockingStore struct {
	store.Store
	entered chan struct{}
	release chan struct{}
}

func (s *blockingStore) Create(ctx context.Context, configID string, a store.Assignment) error {
	s.entered <- struct{}{}
	<-s.release
	return s.Store.Create(ctx, configID, a)
}

// TestShutdownFinishesInFlight stops the server while a create is in
// flight: the server stops accepting connections, the create completes with
// its normal 201, and Run returns nil.
func TestShutdownFinishesInFlight(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	st := &blockingStore{
		Store:   store.NewMemStore([]string{knownConfig}),
		entered: make(chan struct{}),
		release: make(chan struct{}),
	}
	cfg := testConfig(&syncBuffer{})
	cfg.Store = st
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ran := make(chan error, 1)
	go func() { ran <- server.Run(ctx, cfg, ln) }()

	type result struct {
		resp *spectest.Response
		err  error
	}
	done := make(chan result, 1)
	d := &spectest.Driver{Base: "http://" + addr + cfg.BasePath}
	create := spectest.Request{Method: http.MethodPost, Path: specdoc.AssignmentsPath(knownConfig), Body: allDevices, Token: writer(t)}
	go func() {
		resp, err := d.Do(context.Background(), create)
		done <- result{resp, err}
	}()

	<-st.entered // the create is in the handler
	stop()
	// Shutdown has begun once the listener refuses connections.
	for {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		conn.Close()
		time.Sleep(time.Millisecond)
	}
	close(st.release)

	got := <-done
	if got.err != nil {
		t.Fatalf("the request in flight failed: %v", got.err)
	}
	if got.resp.Status != http.StatusCreated || !strings.Contains(string(got.resp.Body), `"id"`) {
		t.Errorf("the request in flight got %d %s, want 201 with the assignment", got.resp.Status, got.resp.Body)
	}
	if err := <-ran; err != nil {
		t.Errorf("Run = %v, want nil after a clean shutdown", err)
	}
}

// TestRunRefusesABadConfig returns New's error instead of serving.
func TestRunRefusesABadConfig(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := testConfig(&syncBuffer{})
	cfg.BasePath = "beta"
	if err := server.Run(context.Background(), cfg, ln); err == nil {
		t.Fatal("Run with a base path without '/' succeeded")
	}
}
