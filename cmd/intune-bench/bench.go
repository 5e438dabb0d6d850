package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// bench runs both parts and returns their report. After a failure it
// returns the report of what was measured so far, or nil, with the error.
func bench(ctx context.Context, o options, progress io.Writer) (*report, error) {
	dir, err := os.MkdirTemp("", "intune-bench-")
	if err != nil {
		return nil, fmt.Errorf("make a work directory: %w", err)
	}
	defer os.RemoveAll(dir)

	emulatorPath, createBody, err := inputs(ctx, o, dir, progress)
	if err != nil {
		return nil, err
	}
	token, err := mintToken()
	if err != nil {
		return nil, err
	}

	rep := &report{rounds: o.rounds, duration: o.duration, connections: o.connections, cpus: runtime.NumCPU()}
	c, err := compare(ctx, o, emulatorPath, token, createBody, dir, progress)
	if err != nil {
		return nil, err
	}
	rep.legs, rep.pageLen = c.legs, c.pageLen

	if o.rssAssignments > 0 {
		if rep.memory, err = measureMemory(ctx, o, o.rssAssignments, o.connections, "", emulatorPath, token, createBody, progress); err != nil {
			return rep, err
		}
	}
	if o.batchSize > 0 {
		if rep.batching, err = measureBatching(ctx, o, emulatorPath, token, createBody, progress); err != nil {
			return rep, err
		}
	}
	if o.durableAssignments > 0 {
		// One connection, then many: how far concurrent creates share
		// their commits' fsyncs.
		for i, connections := range durableConnections(o.connections) {
			dataFile := filepath.Join(dir, fmt.Sprintf("data-%d.db", i))
			m, err := measureMemory(ctx, o, o.durableAssignments, connections, dataFile, emulatorPath, token, createBody, progress)
			if err != nil {
				return rep, err
			}
			rep.durable = append(rep.durable, m)
		}
	}
	return rep, nil
}

// durableConnections are the connection counts of the durable-store
// fills: one, and the benchmark's.
func durableConnections(connections int) []int {
	if connections == 1 {
		return []int{1}
	}
	return []int{1, connections}
}

// inputs returns the emulator binary, built into dir unless -emulator
// names one, and the create request body. Defaults come from the module
// the command runs in.
func inputs(ctx context.Context, o options, dir string, progress io.Writer) (emulatorPath string, createBody []byte, err error) {
	var root string
	if o.emulator == "" || o.request == "" {
		if root, err = loadbench.ModuleRoot(ctx); err != nil {
			return "", nil, err
		}
	}
	emulatorPath = o.emulator
	if emulatorPath == "" {
		fmt.Fprintln(progress, "intune-bench: building the emulator")
		if emulatorPath, err = loadbench.BuildEmulator(ctx, root, dir); err != nil {
			return "", nil, err
		}
	}
	request := o.request
	if request == "" {
		request = filepath.Join(root, "openapi", "testdata", "seed-create-request.json")
	}
	if createBody, err = os.ReadFile(request); err != nil {
		return "", nil, fmt.Errorf("read the create request body: %w", err)
	}
	return emulatorPath, createBody, nil
}
