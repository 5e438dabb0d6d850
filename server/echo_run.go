package server

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/specfirst/intune-assignments/server/identity"
	"github.com/specfirst/intune-assignments/server/proxy"
)

// Listeners are where Serve answers; each one that is set is served.
type Listeners struct {
	// HTTP serves plain HTTP.
	HTTP net.Listener
	// HTTPS serves TLS, HTTP/2 and HTTP/1.1, with TLS's certificates.
	HTTPS net.Listener
	TLS   *tls.Config
	// Proxy serves Tunnels's front: an HTTPS proxy whose tunnels the
	// emulator answers.
	Proxy   net.Listener
	Tunnels *proxy.Proxy
}

// Run serves the emulator built from cfg on ln, plain HTTP; see Serve.
func Run(ctx context.Context, cfg Config, ln net.Listener) error {
	return Serve(ctx, cfg, Listeners{HTTP: ln})
}

// Serve serves the emulator built from cfg on each of ls until ctx is done,
// then shuts down gracefully: it stops accepting connections and waits, up
// to cfg.ShutdownTimeout, for the requests in flight to finish with their
// normal responses. It returns nil after a clean shutdown.
func Serve(ctx context.Context, cfg Config, ls Listeners) error {
	if ls.HTTP == nil && ls.HTTPS == nil && ls.Proxy == nil {
		return errors.New("nothing to serve: no listener")
	}
	if (ls.HTTPS == nil) != (ls.TLS == nil) || (ls.Proxy == nil) != (ls.Tunnels == nil) {
		return errors.New("an HTTPS listener needs its TLS configuration, and a proxy listener its tunnels")
	}
	e, err := NewEcho(cfg)
	if err != nil {
		return err
	}
	logger := cmp.Or(cfg.Logger, slog.Default())
	var (
		servers []*http.Server
		running int
		served  = make(chan error, 4)
	)
	serve := func(f func() error) {
		running++
		go func() { served <- f() }()
	}
	if ls.HTTP != nil {
		plain := newHTTPServer(cfg, e, logger)
		servers = append(servers, plain)
		serve(func() error { return plain.Serve(ls.HTTP) })
		logger.Info("serving", "addr", ls.HTTP.Addr().String(), "base_path", cmp.Or(cfg.BasePath, "/"))
	}
	if ls.HTTPS != nil {
		// A server of its own: one http.Server configures HTTP/2 once,
		// for whichever listener it serves first.
		secure := newHTTPServer(cfg, e, logger)
		secure.TLSConfig = ls.TLS
		servers = append(servers, secure)
		serve(func() error { return secure.ServeTLS(ls.HTTPS, "", "") })
		addr := ls.HTTPS.Addr().String()
		logger.Info("serving https", "addr", addr, "base_url", "https://"+addr+strings.TrimSuffix(cfg.BasePath, "/"))
	}
	if ls.Proxy != nil {
		tunnels := newHTTPServer(cfg, proxy.Route(e, identity.IsPath), logger)
		front := newHTTPServer(cfg, ls.Tunnels, logger)
		servers = append(servers, tunnels, front)
		serve(func() error { return tunnels.Serve(ls.Tunnels.Tunnels()) })
		serve(func() error { return front.Serve(ls.Proxy) })
		addr := ls.Proxy.Addr().String()
		logger.Info("serving proxy", "addr", addr, "hosts", strings.Join(proxy.Hosts, ","), "env", "HTTPS_PROXY=http://"+addr)
	}

	var errs []error
	select {
	case err := <-served:
		running--
		errs = append(errs, fmt.Errorf("serve: %w", err))
	case <-ctx.Done():
		logger.Info("shutting down; finishing the requests in flight")
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(cfg.ShutdownTimeout, DefaultShutdownTimeout))
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
	}
	for range running {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// newHTTPServer is an http.Server of h with cfg's limits.
func newHTTPServer(cfg Config, h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadTimeout:       cmp.Or(cfg.ReadTimeout, DefaultReadTimeout),
		ReadHeaderTimeout: cmp.Or(cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		WriteTimeout:      cmp.Or(cfg.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       cmp.Or(cfg.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    cmp.Or(cfg.MaxHeaderBytes, DefaultMaxHeaderBytes),
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}
