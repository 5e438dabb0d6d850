// Command intune-contract runs the spec's server-direction contract cases,
// the ones `make contract` runs in process, against any live base URL: the
// emulator, another implementation of the endpoints, or Microsoft Graph.
//
//	intune-contract -base-url URL [-token T] [-config-id ID] [flags]
//
// It prints one line per case and a summary, can write JUnit XML (-junit)
// and JSON (-json) reports, and exits 1 when a case or the clean-up fails,
// 2 on a usage error.
//
// It is read-only by default. -allow-writes runs the cases that create,
// change and delete assignments (only ones the run creates, deleted
// afterwards, even when the run is interrupted); -allow-assign runs the
// cases that replace the configuration's whole set of assignments, which
// is saved first and restored after each case and at the end.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// A second signal ends the process the default way.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
