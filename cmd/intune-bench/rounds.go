package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// leg is one workload against one server, over all the rounds.
type leg struct {
	workload string
	server   string
	attack   loadbench.Attack
	tally    *loadbench.Tally
}

// endpoint is a running server as the attacks see it: its name in the
// report and how to call it.
type endpoint struct {
	name string
	g    graph
}

// newLegs returns, for each workload, its leg against each server. Each
// server has its own client, so that the rounds reuse its connections.
func newLegs(o options, ws []workload, servers []endpoint) [][]*leg {
	legs := make([][]*leg, len(ws))
	for i, w := range ws {
		for _, s := range servers {
			legs[i] = append(legs[i], &leg{
				workload: w.name,
				server:   s.name,
				attack: loadbench.Attack{
					Client:   s.g.client,
					Workers:  o.connections,
					Target:   w.target(s.g),
					Pacer:    loadbench.MaxRate,
					Duration: o.duration,
					Name:     w.name + "-" + s.name,
				},
				tally: loadbench.NewTally(w.want),
			})
		}
	}
	return legs
}

// runRounds runs every leg once unmeasured for o.warmup, then o.rounds
// times for o.duration. A round runs the workloads in order, each against
// every server; the servers' order turns round from one round to the next,
// so that none always follows the same one.
func runRounds(ctx context.Context, o options, legs [][]*leg, progress io.Writer) error {
	if o.warmup > 0 {
		fmt.Fprintf(progress, "intune-bench: warming up, %v per leg\n", o.warmup)
		for _, perServer := range legs {
			for _, l := range perServer {
				warm := l.attack
				warm.Duration = o.warmup
				if err := warm.Run(ctx, loadbench.NewTally(l.tally.WantStatus)); err != nil {
					return fmt.Errorf("warm up: %w", err)
				}
			}
		}
	}
	for round := range o.rounds {
		fmt.Fprintf(progress, "intune-bench: round %d of %d, %v per leg\n", round+1, o.rounds, o.duration)
		for _, perServer := range legs {
			order := slices.Clone(perServer)
			for range round % len(order) {
				order = append(order[1:], order[0])
			}
			for _, l := range order {
				if err := l.attack.Run(ctx, l.tally); err != nil {
					return fmt.Errorf("round %d: %w", round+1, err)
				}
			}
		}
	}
	for _, perServer := range legs {
		for _, l := range perServer {
			l.tally.Close()
		}
	}
	return nil
}
