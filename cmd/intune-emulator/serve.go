package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
)

// serveOptions are the flags of the serve command.
type serveOptions struct {
	addr           string
	fixtures       string
	data           string
	hs256Secret    string
	rs256PublicKey string
	logFormat      string
	logLevel       string
	throttleRate   float64
	throttleBurst  int
	resil          resilienceFlags
	https          httpsFlags
	cfg            server.Config
}

// serve runs the emulator until ctx is done (SIGINT or SIGTERM).
func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	opts, err := parseServeFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(stderr, opts.logFormat, opts.logLevel)
	if err != nil {
		return err
	}
	cfg, err := opts.config(logger)
	if err != nil {
		return err
	}
	if opts.data != "" {
		st, err := openData(opts.data, cfg, logger)
		if err != nil {
			return err
		}
		defer st.Close()
		cfg.Store = st
	}
	ls, err := opts.https.listen(opts.addr, &cfg, logger)
	if err != nil {
		return err
	}
	return server.Serve(ctx, cfg, ls)
}

func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (*serveOptions, error) {
	o := &serveOptions{}
	fs := newFlagSet("serve", stderr)
	o.define(fs)
	given, err := parseFlags(fs, args, getenv)
	if err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	return o, o.https.check(given, o.addr, &o.cfg)
}

// define defines serve's flags on fs; the flag table of docs/emulator.md
// lists them (TestDocsListEveryServeFlag).
func (o *serveOptions) define(fs *flag.FlagSet) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to serve plain HTTP on, host:port; empty for none")
	fs.StringVar(&o.cfg.BasePath, "base-path", server.DefaultBasePath, "path prefix of the API, the Graph version root")
	fs.StringVar(&o.fixtures, "fixtures", "", `JSON file of the known deviceEnrollmentConfigurations, {"value":[{"id":...},...]} (default: the built-in set)`)
	fs.StringVar(&o.data, "data", "", "file that keeps the assignments across restarts, created if missing and seeded once from the fixtures (default: in memory only)")
	fs.StringVar(&o.hs256Secret, "hs256-secret", "", "secret that verifies HS256 access tokens (default, when no RS256 key is given either: the public development secret)")
	fs.StringVar(&o.rs256PublicKey, "rs256-public-key", "", "PEM file of the RSA public key that verifies RS256 access tokens")
	fs.BoolVar(&o.cfg.Auth.AllowAppPermissions, "allow-app-permissions", false, "accept app-only tokens (roles, no scp) with the application permissions of the current Graph pages")
	fs.Int64Var(&o.cfg.MaxBodyBytes, "max-body-bytes", intake.DefaultMaxBodyBytes, "largest request body accepted; larger ones get 413")
	fs.DurationVar(&o.cfg.ReadTimeout, "read-timeout", server.DefaultReadTimeout, "longest time to read a whole request")
	fs.DurationVar(&o.cfg.ReadHeaderTimeout, "read-header-timeout", server.DefaultReadHeaderTimeout, "longest time to read the request headers")
	fs.DurationVar(&o.cfg.WriteTimeout, "write-timeout", server.DefaultWriteTimeout, "longest time to write a response")
	fs.DurationVar(&o.cfg.IdleTimeout, "idle-timeout", server.DefaultIdleTimeout, "how long an idle keep-alive connection stays open")
	fs.IntVar(&o.cfg.MaxHeaderBytes, "max-header-bytes", server.DefaultMaxHeaderBytes, "largest request header block accepted")
	fs.DurationVar(&o.cfg.ShutdownTimeout, "shutdown-timeout", server.DefaultShutdownTimeout, "how long shutdown waits for requests in flight")
	fs.IntVar(&o.cfg.PageSize, "page-size", server.DefaultPageSize, fmt.Sprintf("assignments in a page of a list without $top, 1 to %d; small pages help test paging", server.MaxPageSize))
	fs.Float64Var(&o.throttleRate, "throttle-rate", 0, "requests per second each caller may make before 429 TooManyRequests; 0 never throttles")
	fs.IntVar(&o.throttleBurst, "throttle-burst", 10, "requests a caller may make at once before -throttle-rate applies")
	o.resil.define(fs)
	o.https.define(fs)
	fs.StringVar(&o.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn or error")
}

// check validates the parsed flags and completes the configuration.
func (o *serveOptions) check() error {
	if o.cfg.MaxBodyBytes <= 0 || o.cfg.MaxHeaderBytes <= 0 {
		return usageError{"-max-body-bytes and -max-header-bytes must be positive"}
	}
	if o.cfg.PageSize < 1 || o.cfg.PageSize > server.MaxPageSize {
		return usageError{fmt.Sprintf("-page-size must be 1 to %d", server.MaxPageSize)}
	}
	if o.throttleRate < 0 || o.throttleBurst < 0 {
		return usageError{"-throttle-rate and -throttle-burst must not be negative"}
	}
	if err := o.resil.apply(&o.cfg); err != nil {
		return err
	}
	if o.throttleRate > 0 && o.cfg.Resilience.IntuneThrottle == nil {
		o.cfg.Throttle = &resilience.ThrottleConfig{RequestsPerSecond: o.throttleRate, Burst: o.throttleBurst}
	}
	if o.cfg.ReadTimeout <= 0 || o.cfg.ReadHeaderTimeout <= 0 || o.cfg.WriteTimeout <= 0 || o.cfg.IdleTimeout <= 0 || o.cfg.ShutdownTimeout <= 0 {
		return usageError{"timeouts must be positive"}
	}
	return nil
}

// config completes the server configuration: fixtures and token keys are
// read from their files here, so that a bad file stops the start.
func (o *serveOptions) config(logger *slog.Logger) (server.Config, error) {
	cfg := o.cfg
	cfg.Logger = logger
	if o.fixtures != "" {
		configs, err := store.LoadFixtures(o.fixtures)
		if err != nil {
			return cfg, err
		}
		cfg.Configurations = configs
	}
	if o.rs256PublicKey != "" {
		pem, err := os.ReadFile(o.rs256PublicKey)
		if err != nil {
			return cfg, fmt.Errorf("read the RS256 public key: %w", err)
		}
		key, err := jwt.ParseRSAPublicKeyFromPEM(pem)
		if err != nil {
			return cfg, fmt.Errorf("RS256 public key %s: %w", o.rs256PublicKey, err)
		}
		cfg.Auth.RS256PublicKey = key
	}
	if o.hs256Secret != "" {
		cfg.Auth.HS256Secret = []byte(o.hs256Secret)
	}
	if cfg.Auth.HS256Secret == nil && cfg.Auth.RS256PublicKey == nil {
		logger.Warn("no token key configured: verifying HS256 tokens with the public development secret; anyone can mint tokens for this emulator",
			"secret", auth.DevSecret)
		cfg.Auth.HS256Secret = []byte(auth.DevSecret)
	}
	return cfg, nil
}

// newLogger is the structured logger of the serve command.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Sprintf("-log-level %q: want debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("-log-format %q: want text or json", format)}
}
