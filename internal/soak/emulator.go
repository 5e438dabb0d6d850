package soak

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/specfirst/intune-assignments/internal/loadbench"
	"github.com/specfirst/intune-assignments/server/devca"
)

const (
	// readyTimeout bounds a start, the load of the data file included.
	readyTimeout = 30 * time.Second
	// stopGrace is how long the emulator has to stop after SIGTERM.
	stopGrace = 15 * time.Second
)

// emulator is the emulator process, started again and again on the same
// addresses, data file and state directory.
type emulator struct {
	path     string
	addr     string // plain HTTP
	tlsAddr  string // HTTPS, with the authority
	stateDir string // the development CA and the token signing key
	args     []string
	log      io.Writer // its stderr, every run's

	// roots holds the development CA the first start created: the only
	// root the HTTPS clients trust.
	roots *x509.CertPool

	proc    *loadbench.Process
	started time.Time
	starts  int
}

// start starts it and waits for GET /healthz on both listeners.
func (e *emulator) start(ctx context.Context) error {
	args := append([]string{"serve", "-addr", e.addr, "-tls-addr", e.tlsAddr, "-state-dir", e.stateDir}, e.args...)
	p, err := loadbench.StartLogged("emulator", e.path, e.log, args...)
	if err != nil {
		return err
	}
	plain := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	healthy := func(ctx context.Context) error {
		if err := healthz(ctx, plain, "http://"+e.addr); err != nil {
			return err
		}
		// The CA is in the state directory before the listeners open.
		if e.roots == nil {
			roots, err := readCA(filepath.Join(e.stateDir, devca.CAFile))
			if err != nil {
				return err
			}
			e.roots = roots
		}
		secure := &http.Client{Timeout: time.Second, Transport: e.httpsTransport(1)}
		defer secure.CloseIdleConnections()
		return healthz(ctx, secure, "https://"+e.tlsAddr)
	}
	if err := p.WaitReady(ctx, readyTimeout, healthy); err != nil {
		p.Kill()
		return fmt.Errorf("start %d of the emulator: %w", e.starts+1, err)
	}
	e.proc, e.started = p, time.Now()
	e.starts++
	return nil
}

func healthz(ctx context.Context, hc *http.Client, origin string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/healthz", nil)
	if err != nil {
		return err
	}
	rsp, err := hc.Do(req)
	if err != nil {
		return err
	}
	rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s/healthz: %s", origin, rsp.Status)
	}
	return nil
}

// readCA reads the CA certificate the emulator wrote.
func readCA(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the emulator's development CA: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, errors.New("the emulator's development CA: " + path + " holds no certificate")
	}
	return roots, nil
}

// httpsTransport is a transport that trusts the development CA only,
// with conns idle connections. It speaks HTTP/2, as Graph's clients do: a
// reset fault resets the request's stream. (A transport with its own TLS
// configuration tries HTTP/2 only when asked.)
func (e *emulator) httpsTransport(conns int) *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		MaxIdleConnsPerHost: conns,
		TLSClientConfig:     &tls.Config{RootCAs: e.roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   true,
	}
}

// kill ends it with SIGKILL, as a crash would.
func (e *emulator) kill() { e.proc.Kill() }

// stop ends it with SIGTERM: it must exit cleanly.
func (e *emulator) stop() error { return e.proc.Stop(stopGrace) }
