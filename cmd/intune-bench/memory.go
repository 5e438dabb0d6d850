package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// memoryResult is what the second part measured.
type memoryResult struct {
	assignments int // asked for
	connections int // the fill's concurrent connections
	// dataFile is the emulator's -data file, "" for the in-memory
	// store; fileSize is its size after the creates.
	dataFile string
	fileSize int64
	pid      int
	// created is the number of 201 answers; the emulator was checked to
	// hold exactly that many.
	created uint64
	tally   *loadbench.Tally
	// idle is before the first create, loaded after the last.
	idle, loaded loadbench.MemStatus
}

// measureMemory starts a fresh emulator, creates n assignments in it as
// fast as that many connections go, and reads its memory use.
// With dataFile set, the emulator keeps its assignments in that file
// (-data), and the result has the file's size.
func measureMemory(ctx context.Context, o options, n, connections int, dataFile, emulatorPath, token string, createBody []byte, progress io.Writer) (m *memoryResult, err error) {
	g := graph{client: loadbench.NewClient(connections, o.timeout), token: token}
	var args []string
	if dataFile != "" {
		args = []string{"-data", dataFile}
	}
	proc, addr, err := startEmulator(ctx, emulatorPath, g.client, args...)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, proc.Stop(stopGrace)) }()
	g.url = assignmentsURL(addr)

	m = &memoryResult{assignments: n, connections: connections, dataFile: dataFile, pid: proc.PID(), tally: loadbench.NewTally(http.StatusCreated)}
	if m.idle, err = loadbench.ReadMemStatus(m.pid); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "intune-bench: creating %d assignments in a fresh emulator%s, %d connections\n", n, map[bool]string{true: " with a data file"}[dataFile != ""], connections)
	fill := loadbench.Attack{
		Client:  g.client,
		Workers: connections,
		Target:  createWorkload(createBody).target(g),
		Pacer:   loadbench.Count(n),
		Name:    "memory-fill",
	}
	if err := fill.Run(ctx, m.tally); err != nil {
		return nil, err
	}
	m.tally.Close()
	m.created = uint64(m.tally.Metrics.StatusCodes[strconv.Itoa(http.StatusCreated)])
	// Read before the checks below, which allocate in the emulator too.
	if m.loaded, err = loadbench.ReadMemStatus(m.pid); err != nil {
		return nil, err
	}
	if err := verifyStored(ctx, g, m.created); err != nil {
		return nil, err
	}
	if dataFile != "" {
		info, err := os.Stat(dataFile)
		if err != nil {
			return nil, err
		}
		m.fileSize = info.Size()
	}
	return m, nil
}

// verifyStored checks that the emulator holds exactly n assignments, as
// the list shows them: there is no count, but the page at $skip=n-1 has
// one assignment and the page at $skip=n none.
func verifyStored(ctx context.Context, g graph, n uint64) error {
	if n > 0 {
		if err := expectPageLen(ctx, g, n, n-1, 1); err != nil {
			return err
		}
	}
	return expectPageLen(ctx, g, n, n, 0)
}

// expectPageLen checks that the one-assignment page at skip has want
// assignments; n is the count being verified, for the error.
func expectPageLen(ctx context.Context, g graph, n, skip uint64, want int) error {
	body, err := g.list(ctx, fmt.Sprintf("?$skip=%d&$top=1", skip))
	if err != nil {
		return fmt.Errorf("count the stored assignments: %w", err)
	}
	p, err := decodePage(body)
	if err != nil {
		return err
	}
	if len(p.Value) != want {
		return fmt.Errorf("after %d creates answered 201, the page at $skip=%d has %d assignments, want %d", n, skip, len(p.Value), want)
	}
	return nil
}
