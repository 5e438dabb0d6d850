package loadbench

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestAttackCount sends exactly the counted requests, with the target's
// method, headers and body, and tallies every fifth answer, a 500, as
// unexpected and not 2xx.
func TestAttackCount(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.Method != http.MethodPost || r.Header.Get("X-Test") != "yes" || r.ContentLength != 2 {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if n%5 == 0 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	tally := NewTally(http.StatusCreated)
	a := Attack{
		Client:  NewClient(4, 5*time.Second),
		Workers: 4,
		Target:  vegeta.Target{Method: http.MethodPost, URL: srv.URL, Body: []byte("{}"), Header: http.Header{"X-Test": {"yes"}}},
		Pacer:   Count(100),
		Name:    "count",
	}
	if err := a.Run(context.Background(), tally); err != nil {
		t.Fatal(err)
	}
	tally.Close()
	if got := calls.Load(); got != 100 {
		t.Errorf("server saw %d requests, want 100", got)
	}
	if tally.Requests() != 100 || tally.Unexpected != 20 || tally.Non2xx != 20 {
		t.Errorf("requests %d, unexpected %d, non-2xx %d; want 100, 20, 20", tally.Requests(), tally.Unexpected, tally.Non2xx)
	}
	if tally.Elapsed <= 0 || tally.Rate() <= 0 {
		t.Errorf("elapsed %v, rate %v", tally.Elapsed, tally.Rate())
	}
}

// TestAttackMaxRateStopsOnCancel ends an attack without a duration when
// its context is done.
func TestAttackMaxRateStopsOnCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	tally := NewTally(http.StatusOK)
	a := Attack{Client: NewClient(2, 5*time.Second), Workers: 2, Target: vegeta.Target{Method: http.MethodGet, URL: srv.URL}, Pacer: MaxRate, Name: "cancel"}
	err := a.Run(ctx, tally)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if tally.Requests() == 0 || tally.Unexpected != 0 {
		t.Errorf("requests %d, unexpected %d", tally.Requests(), tally.Unexpected)
	}
}
