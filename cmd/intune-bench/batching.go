package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/specfirst/intune-assignments/internal/loadbench"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// batchName is the batching workload's name in the report.
const batchName = "batch"

// batchResult is what the batching part measured: single creates and
// batches of creates against one fresh emulator, in interleaved rounds.
type batchResult struct {
	size   int  // creates per batch
	single *leg // createWorkload
	batch  *leg // batchWorkload
	// stored is the number of assignments the emulator holds after the
	// rounds, checked to be every 201 of the single creates and size per
	// 200 of the batches: every create inside every batch answered 201.
	stored uint64
}

// assignmentsPerSecond of each leg: one per single create, size per batch.
func (b *batchResult) assignmentsPerSecond() (single, batch float64) {
	return b.single.tally.Rate(), b.batch.tally.Rate() * float64(b.size)
}

// batchWorkload sends size creates of body as one batch, POST /$batch.
func batchWorkload(body []byte, size int) (workload, error) {
	type item struct {
		ID      string            `json:"id"`
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	}
	var batch struct {
		Requests []item `json:"requests"`
	}
	for i := range size {
		batch.Requests = append(batch.Requests, item{
			ID: strconv.Itoa(i + 1), Method: http.MethodPost, URL: specdoc.AssignmentsPath(configID),
			Headers: map[string]string{"Content-Type": "application/json"}, Body: body,
		})
	}
	raw, err := json.Marshal(batch)
	if err != nil {
		return workload{}, fmt.Errorf("the batch of creates: %w", err)
	}
	return workload{name: batchName, method: http.MethodPost, body: raw, want: http.StatusOK}, nil
}

// measureBatching starts a fresh emulator and runs, in interleaved rounds,
// single creates and batches of o.batchSize creates, as fast as
// o.connections connections go; then checks that the emulator holds
// exactly what the 201 and 200 answers say was created.
func measureBatching(ctx context.Context, o options, emulatorPath, token string, createBody []byte, progress io.Writer) (b *batchResult, err error) {
	g := graph{client: loadbench.NewClient(o.connections, o.timeout), token: token}
	proc, addr, err := startEmulator(ctx, emulatorPath, g.client)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, proc.Stop(stopGrace)) }()
	g.url = assignmentsURL(addr)
	batches := g
	batches.url = "http://" + addr + "/beta/$batch"

	w, err := batchWorkload(createBody, o.batchSize)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "intune-bench: single creates and batches of %d creates\n", o.batchSize)
	newBatchingLegs := func() [][]*leg {
		return append(newLegs(o, []workload{createWorkload(createBody)}, []endpoint{{emulatorName, g}}),
			newLegs(o, []workload{w}, []endpoint{{emulatorName, batches}})...)
	}
	// The warm-up, apart, so that the count before the rounds is known.
	if o.warmup > 0 {
		warm := o
		warm.rounds, warm.duration, warm.warmup = 1, o.warmup, 0
		if err := runRounds(ctx, warm, newBatchingLegs(), io.Discard); err != nil {
			return nil, fmt.Errorf("warm up: %w", err)
		}
	}
	before, err := countStored(ctx, g)
	if err != nil {
		return nil, err
	}
	rounds := o
	rounds.warmup = 0
	legs := newBatchingLegs()
	if err := runRounds(ctx, rounds, legs, progress); err != nil {
		return nil, err
	}
	b = &batchResult{size: o.batchSize, single: legs[0][0], batch: legs[1][0]}
	created := func(l *leg, status int) uint64 { return uint64(l.tally.Metrics.StatusCodes[strconv.Itoa(status)]) }
	b.stored = created(b.single, http.StatusCreated) + uint64(b.size)*created(b.batch, http.StatusOK)
	after, err := countStored(ctx, g)
	if err != nil {
		return b, err
	}
	if after-before != b.stored {
		return b, fmt.Errorf("the rounds stored %d assignments, but %d single creates answered 201 and %d batches of %d answered 200",
			after-before, created(b.single, http.StatusCreated), created(b.batch, http.StatusOK), b.size)
	}
	return b, nil
}

// countStored is the number of assignments the emulator holds, read with
// $count.
func countStored(ctx context.Context, g graph) (uint64, error) {
	body, err := g.call(ctx, http.MethodGet, g.url+"/$count", nil, http.StatusOK)
	if err != nil {
		return 0, fmt.Errorf("count the stored assignments: %w", err)
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(body)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("count the stored assignments: %q: %w", body, err)
	}
	return n, nil
}

// print writes the batching part's table.
func (b *batchResult) print(w io.Writer) {
	single, batch := b.assignmentsPerSecond()
	fmt.Fprintf(w, "\nbatching: a fresh emulator, single creates and POST /$batch of %d creates, interleaved\n", b.size)
	fmt.Fprintf(w, "%-8s  %9s  %9s  %10s  %10s  %13s\n", "workload", "requests", "req/s", "p50", "p99", "assignments/s")
	for _, row := range []struct {
		l     *leg
		rate  float64
		label string
	}{{b.single, single, "create"}, {b.batch, batch, batchName}} {
		t := row.l.tally
		fmt.Fprintf(w, "%-8s  %9d  %9.0f  %10s  %10s  %13.0f\n", row.label, t.Requests(), t.Rate(),
			latency(t.Metrics.Latencies.P50), latency(t.Metrics.Latencies.P99), row.rate)
	}
	fmt.Fprintf(w, "batch / create: %s the assignments per second\n", ratio(batch, single))
}

// failures lists what makes the batching part a failure.
func (b *batchResult) failures() []string {
	var fails []string
	for _, l := range []*leg{b.single, b.batch} {
		if t := l.tally; t.Requests() == 0 || t.Unexpected > 0 {
			fails = append(fails, fmt.Sprintf("batching, %s: %d of %d answers were not %d; %s", l.workload, t.Unexpected, t.Requests(), t.WantStatus, describeAnswers(t)))
		}
	}
	return fails
}
