package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
)

// Run serves the emulator built from cfg on ln until ctx is done, then
// shuts down gracefully: it stops accepting connections and waits, up to
// cfg.ShutdownTimeout, for the requests in flight to finish with their
// normal responses. It returns nil after a clean shutdown.
func Run(ctx context.Context, cfg Config, ln net.Listener) error {
	e, err := NewEcho(cfg)
	if err != nil {
		return err
	}
	logger := cmp.Or(cfg.Logger, slog.Default())
	srv := &http.Server{
		Handler:           e,
		ReadTimeout:       cmp.Or(cfg.ReadTimeout, DefaultReadTimeout),
		ReadHeaderTimeout: cmp.Or(cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		WriteTimeout:      cmp.Or(cfg.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       cmp.Or(cfg.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    cmp.Or(cfg.MaxHeaderBytes, DefaultMaxHeaderBytes),
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String(), "base_path", cmp.Or(cfg.BasePath, "/"))

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down; finishing the requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(cfg.ShutdownTimeout, DefaultShutdownTimeout))
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}
