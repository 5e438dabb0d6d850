package soak

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

const (
	// readyTimeout bounds a start, the load of the data file included.
	readyTimeout = 30 * time.Second
	// stopGrace is how long the emulator has to stop after SIGTERM.
	stopGrace = 15 * time.Second
)

// emulator is the emulator process, started again and again on the same
// address and data file.
type emulator struct {
	path string
	addr string
	args []string
	log  io.Writer // its stderr, every run's

	proc    *loadbench.Process
	started time.Time
	starts  int
}

// start starts it and waits for GET /healthz.
func (e *emulator) start(ctx context.Context) error {
	p, err := loadbench.StartLogged("emulator", e.path, e.log, append([]string{"serve", "-addr", e.addr}, e.args...)...)
	if err != nil {
		return err
	}
	hc := &http.Client{Timeout: time.Second}
	healthy := func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+e.addr+"/healthz", nil)
		if err != nil {
			return err
		}
		rsp, err := hc.Do(req)
		if err != nil {
			return err
		}
		rsp.Body.Close()
		if rsp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /healthz: %s", rsp.Status)
		}
		return nil
	}
	if err := p.WaitReady(ctx, readyTimeout, healthy); err != nil {
		p.Kill()
		return fmt.Errorf("start %d of the emulator: %w", e.starts+1, err)
	}
	e.proc, e.started = p, time.Now()
	e.starts++
	return nil
}

// kill ends it with SIGKILL, as a crash would.
func (e *emulator) kill() { e.proc.Kill() }

// stop ends it with SIGTERM: it must exit cleanly.
func (e *emulator) stop() error { return e.proc.Stop(stopGrace) }
