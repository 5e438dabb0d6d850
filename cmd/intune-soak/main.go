// Command intune-soak runs the emulator for a bounded time under a mixed
// workload of single requests and JSON batches, over plain HTTP and HTTPS
// at once, with fault rules, Intune's throttling and a -data file, kills
// it with SIGKILL and restarts it every few minutes, and checks that every
// acknowledged write survives, that no 5xx answer but the injected ones
// occurs, and that memory, goroutines and open files settle. It prints a
// table of samples and exits 1 when it finds a problem (see package soak).
//
//	intune-soak [flags]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/cli"
	"github.com/specfirst/intune-assignments/internal/soak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o := soak.DefaultOptions()
	fs := flag.NewFlagSet("intune-soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: intune-soak [flags]")
		fmt.Fprintln(stderr, "\nRuns the emulator under a mixed workload with faults, throttling and kill -9 restarts, and checks it holds up.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Emulator, "emulator", "", "emulator binary to run (default: build ./cmd/intune-emulator of this module)")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "how long the workload runs")
	fs.DurationVar(&o.RestartEvery, "restart-every", o.RestartEvery, "time between kills with SIGKILL")
	fs.DurationVar(&o.SampleEvery, "sample-every", o.SampleEvery, "time between samples of the emulator's memory, goroutines and open files")
	fs.DurationVar(&o.WarmUp, "warm-up", o.WarmUp, "how long after each start a sample is left out of the settle check")
	fs.IntVar(&o.Workers, "workers", o.Workers, "concurrent clients")
	fs.IntVar(&o.Configurations, "configurations", o.Configurations, "configurations the workload uses")
	fs.DurationVar(&o.ThrottleWindow, "throttle-window", o.ThrottleWindow, "window of the emulator's Intune throttling profile")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the workload's and the fault rules' random draws")
	if err := cli.Parse(fs, args); err != nil {
		return cli.ExitCode("intune-soak", err, stderr)
	}
	return cli.ExitCode("intune-soak", soak.Run(ctx, o, stdout, stderr), stderr)
}
