package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/specfirst/intune-assignments/internal/cli"
)

// options are the benchmark's flags.
type options struct {
	emulator       string
	request        string
	connections    int
	rounds         int
	duration       time.Duration
	warmup         time.Duration
	rssAssignments int
	// durableAssignments is the size of the durable-store fill: every
	// create is an fsync, so it is kept smaller than rssAssignments.
	durableAssignments int
	// batchSize is the number of creates per batch of the batching part.
	batchSize int
	timeout   time.Duration
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("intune-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: intune-bench [flags]")
		fmt.Fprintln(stderr, "\nMeasures the emulator against a bare echo server answering the same bytes, then its memory with many assignments.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.emulator, "emulator", "", "emulator binary to run (default: build ./cmd/intune-emulator of this module)")
	fs.StringVar(&o.request, "request", "", "create request body (default: openapi/testdata/seed-create-request.json of this module, the Create page's example)")
	fs.IntVar(&o.connections, "connections", 32, "concurrent connections, one request in flight on each, per attack")
	fs.IntVar(&o.rounds, "rounds", 3, "interleaved rounds; each runs every workload against both servers")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "length of one leg in one round")
	fs.DurationVar(&o.warmup, "warmup", 500*time.Millisecond, "unmeasured run of each leg before the first round")
	fs.IntVar(&o.rssAssignments, "rss-assignments", 100000, "assignments a fresh emulator holds when its memory is read; 0 skips that part")
	fs.IntVar(&o.durableAssignments, "durable-assignments", 20000, "assignments created in a fresh emulator with a -data file (every create fsynced), over 1 and over -connections connections, for the durable-store rows; 0 skips them")
	fs.IntVar(&o.batchSize, "batch-size", 20, "creates per POST /$batch in the batching part, which compares them with single creates, 1 to 20; 0 skips it")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "longest wait for one answer")
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	switch {
	case o.connections < 1:
		return o, cli.UsageError{Msg: "-connections must be at least 1"}
	case o.rounds < 1:
		return o, cli.UsageError{Msg: "-rounds must be at least 1"}
	case o.duration <= 0 || o.timeout <= 0:
		return o, cli.UsageError{Msg: "-duration and -timeout must be positive"}
	case o.warmup < 0 || o.rssAssignments < 0 || o.durableAssignments < 0:
		return o, cli.UsageError{Msg: "-warmup, -rss-assignments and -durable-assignments must not be negative"}
	case o.batchSize < 0 || o.batchSize > 20:
		return o, cli.UsageError{Msg: "-batch-size must be 0 to 20, the most requests a batch holds"}
	}
	return o, nil
}
