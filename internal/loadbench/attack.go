package loadbench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// MaxRate sends each request as soon as a worker is free: vegeta's zero
// rate. With a fixed number of workers that is a closed loop of that many
// concurrent clients, which is what measures a server's capacity.
var MaxRate vegeta.Pacer = vegeta.Rate{Freq: 0}

// Count paces like MaxRate but stops after its number of requests.
type Count uint64

// Pace implements vegeta.Pacer.
func (n Count) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	return 0, hits >= uint64(n)
}

// Rate implements vegeta.Pacer: there is no set rate.
func (n Count) Rate(time.Duration) float64 { return 0 }

// Attack is one run of requests against one target.
type Attack struct {
	// Client is shared by every attack on the same server, so that the
	// rounds reuse its connections.
	Client *http.Client
	// Workers is the number of requests in flight; give the client as
	// many connections.
	Workers int
	Target  vegeta.Target
	Pacer   vegeta.Pacer
	// Duration ends the attack; 0 leaves it to the pacer.
	Duration time.Duration
	// Name is sent in the X-Vegeta-Attack header.
	Name string
}

// Run carries out the attack and adds every result, and its wall time, to
// t. It returns early with ctx's error when ctx is done.
func (a Attack) Run(ctx context.Context, t *Tally) error {
	if a.Workers < 1 {
		return fmt.Errorf("attack %s: %d workers; need at least 1", a.Name, a.Workers)
	}
	attacker := vegeta.NewAttacker(
		vegeta.Client(a.Client),
		// A fixed pool: at max rate vegeta would otherwise add workers
		// without bound.
		vegeta.Workers(uint64(a.Workers)),
		vegeta.MaxWorkers(uint64(a.Workers)),
		// Answers are read and dropped, not kept in each Result: the
		// client shares the machine with the servers, and should cost
		// them as little CPU as it can.
		vegeta.MaxBody(0),
	)
	stop := context.AfterFunc(ctx, func() { attacker.Stop() })
	defer stop()

	start := time.Now()
	for r := range attacker.Attack(vegeta.NewStaticTargeter(a.Target), a.Pacer, a.Duration, a.Name) {
		t.Add(r)
	}
	t.Elapsed += time.Since(start)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("attack %s: %w", a.Name, err)
	}
	return nil
}
