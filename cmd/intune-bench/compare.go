package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// comparison is what the first part measured.
type comparison struct {
	legs    []*leg // by workload, then server
	pageLen int    // assignments in the list page both servers answer
}

// compare starts the emulator, captures its answers, starts the bare
// server with them, and runs the rounds. Both servers are stopped before it
// returns; a server that does not stop cleanly fails the run.
func compare(ctx context.Context, o options, emulatorPath, token string, createBody []byte, dir string, progress io.Writer) (c comparison, err error) {
	emu := graph{client: loadbench.NewClient(o.connections, o.timeout), token: token}
	emuProc, emuAddr, err := startEmulator(ctx, emulatorPath, emu.client)
	if err != nil {
		return c, err
	}
	defer func() { err = errors.Join(err, emuProc.Stop(stopGrace)) }()
	emu.url = assignmentsURL(emuAddr)

	canned, err := captureAnswers(ctx, emu, createBody)
	if err != nil {
		return c, err
	}
	c.pageLen = canned.pageLen

	bare := graph{client: loadbench.NewClient(o.connections, o.timeout), token: token}
	bareProc, bareAddr, err := startBare(ctx, dir, canned, bare)
	if err != nil {
		return c, err
	}
	defer func() { err = errors.Join(err, bareProc.Stop(stopGrace)) }()
	bare.url = assignmentsURL(bareAddr)

	legs := newLegs(o, []workload{createWorkload(createBody), listWorkload()},
		[]endpoint{{emulatorName, emu}, {bareName, bare}})
	if err := runRounds(ctx, o, legs, progress); err != nil {
		return c, err
	}
	for _, perServer := range legs {
		c.legs = append(c.legs, perServer...)
	}

	// The first page must not have changed while the create workload
	// added assignments: else the servers did not send the same bytes.
	listed, err := emu.list(ctx, "")
	if err != nil {
		return c, fmt.Errorf("check the emulator's list after the rounds: %w", err)
	}
	if !bytes.Equal(listed, canned.list) {
		return c, fmt.Errorf("the emulator's list page changed during the rounds: the bare server's canned copy no longer matches it")
	}
	return c, nil
}
