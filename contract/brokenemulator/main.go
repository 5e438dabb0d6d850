// Command brokenemulator serves the emulator broken on purpose, for the
// bite test of every language's contract run: a run against it must fail.
// It takes the flags of `intune-emulator serve` that the vectors need and
// -break, the break (see spectest.Breaks); like the emulator, it logs
// "serving" with the address it listens on:
//
//	brokenemulator -addr 127.0.0.1:0 -break bare-type -allow-fault-headers -max-body-bytes 4096
//
// Tokens come from `intune-emulator token` (with the same -hs256-secret).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/intake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "brokenemulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("brokenemulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on, host:port")
	basePath := fs.String("base-path", server.DefaultBasePath, "path prefix of the API, the Graph version root")
	secret := fs.String("hs256-secret", auth.DevSecret, "secret that verifies HS256 access tokens")
	maxBody := fs.Int64("max-body-bytes", intake.DefaultMaxBodyBytes, "largest request body accepted")
	faults := fs.Bool("allow-fault-headers", false, "honour the X-Emulator-Fault request header")
	breakName := fs.String("break", "bare-type", "the break: "+strings.Join(breakNames(), ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	edit, ok := spectest.Breaks[*breakName]
	if !ok {
		return fmt.Errorf("-break %q: want one of %s", *breakName, strings.Join(breakNames(), ", "))
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := server.Config{
		BasePath:     *basePath,
		Auth:         auth.Config{HS256Secret: []byte(*secret)},
		MaxBodyBytes: *maxBody,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	cfg.Resilience.AllowFaultHeaders = *faults
	h, err := server.NewEcho(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: spectest.RewriteJSON(edit)(h), ReadHeaderTimeout: server.DefaultReadHeaderTimeout}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String(), "base_path", cfg.BasePath, "break", *breakName)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	if err := srv.Shutdown(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func breakNames() []string {
	var names []string
	for name := range spectest.Breaks {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
