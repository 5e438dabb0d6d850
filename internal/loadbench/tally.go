package loadbench

import (
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Tally sums the results of one leg (a workload against a target) over
// all its rounds.
//
// The latency percentiles come from vegeta.Metrics. The request rate does
// not: Metrics divides by the time from the first result to the last,
// which for interleaved rounds would include the other legs' rounds.
// Tally adds up the wall time of its own attacks instead.
type Tally struct {
	// WantStatus is the status every answer should have.
	WantStatus int
	// Metrics holds every result; call Close before reading its summary.
	Metrics vegeta.Metrics
	// Elapsed is the wall time of the attacks, from the first request to
	// the last answer of each.
	Elapsed time.Duration
	// Non2xx counts answers outside 200-299, transport errors (status 0)
	// included.
	Non2xx uint64
	// Unexpected counts answers whose status is not WantStatus,
	// transport errors included.
	Unexpected uint64
}

// NewTally returns an empty tally of a leg whose answers should all have
// the status want.
func NewTally(want int) *Tally { return &Tally{WantStatus: want} }

// Add counts one result.
func (t *Tally) Add(r *vegeta.Result) {
	t.Metrics.Add(r)
	if r.Code < 200 || r.Code > 299 {
		t.Non2xx++
	}
	if int(r.Code) != t.WantStatus {
		t.Unexpected++
	}
}

// Close computes the summary of Metrics; call it once all results are in.
func (t *Tally) Close() { t.Metrics.Close() }

// Requests is the number of results.
func (t *Tally) Requests() uint64 { return t.Metrics.Requests }

// Rate is requests per second of attack time.
func (t *Tally) Rate() float64 {
	if t.Elapsed <= 0 {
		return 0
	}
	return float64(t.Metrics.Requests) / t.Elapsed.Seconds()
}
