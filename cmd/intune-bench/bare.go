package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/cli"
)

// bareCommand is the hidden subcommand that serves the canned answers. The
// benchmark runs its own binary again with it, so that the bare server is
// a process of its own, like the emulator, and not sharing the client's.
const bareCommand = "bare"

// serveBare serves the two routes with canned bodies until ctx is done:
// echo.New() and two handlers, no middleware, so it costs only what echo
// and net/http cost.
func serveBare(ctx context.Context, args []string, stderr io.Writer) error {
	var addr, createFile, listFile string
	fs := flag.NewFlagSet(bareCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on")
	fs.StringVar(&createFile, "create-body", "", "file of the 201 body to answer every create with")
	fs.StringVar(&listFile, "list-body", "", "file of the 200 body to answer every list with")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if createFile == "" || listFile == "" {
		return cli.UsageError{Msg: "bare: -create-body and -list-body are required"}
	}
	created, err := os.ReadFile(createFile)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	listed, err := os.ReadFile(listFile)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST(assignmentsRoute, func(c echo.Context) error {
		return c.Blob(http.StatusCreated, echo.MIMEApplicationJSON, created)
	})
	e.GET(assignmentsRoute, func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, listed)
	})

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	// The emulator's default timeouts: each sets a deadline on the
	// connection, so the bare server pays for them too.
	srv := &http.Server{
		Handler:           e,
		ReadTimeout:       30 * time.Second,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("bare: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("bare: shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("bare: serve: %w", err)
	}
	return nil
}
