package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

const (
	// readyTimeout bounds a server's start.
	readyTimeout = 15 * time.Second
	// stopGrace is how long a server has to finish after SIGTERM.
	stopGrace = 10 * time.Second
)

// Names of the two servers in the report.
const (
	emulatorName = "emulator"
	bareName     = "bare-echo"
)

// startEmulator starts the emulator with its defaults (the development
// HS256 secret, the built-in configurations, an empty store) on a free
// loopback port, and waits for GET /healthz.
func startEmulator(ctx context.Context, path string, client *http.Client, args ...string) (*loadbench.Process, string, error) {
	addr, err := loadbench.FreeAddr()
	if err != nil {
		return nil, "", err
	}
	p, err := loadbench.Start(emulatorName, path, append([]string{"serve", "-addr", addr}, args...)...)
	if err != nil {
		return nil, "", err
	}
	if err := p.WaitReady(ctx, readyTimeout, healthy(client, addr)); err != nil {
		return nil, "", stopAfter(p, err)
	}
	return p, addr, nil
}

// startBare writes the canned bodies to dir, starts this binary's bare
// subcommand on a free loopback port, and waits until its list answer is
// the canned body. g says how to call it; its url is replaced.
func startBare(ctx context.Context, dir string, canned cannedAnswers, g graph) (*loadbench.Process, string, error) {
	createFile := filepath.Join(dir, "create-body.json")
	listFile := filepath.Join(dir, "list-body.json")
	if err := os.WriteFile(createFile, canned.create, 0o600); err != nil {
		return nil, "", fmt.Errorf("write the canned create body: %w", err)
	}
	if err := os.WriteFile(listFile, canned.list, 0o600); err != nil {
		return nil, "", fmt.Errorf("write the canned list body: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("find this binary to run the bare server: %w", err)
	}
	addr, err := loadbench.FreeAddr()
	if err != nil {
		return nil, "", err
	}
	p, err := loadbench.Start(bareName, self, bareCommand, "-addr", addr, "-create-body", createFile, "-list-body", listFile)
	if err != nil {
		return nil, "", err
	}
	g.url = assignmentsURL(addr)
	ready := func(ctx context.Context) error {
		body, err := g.list(ctx, "")
		if err != nil {
			return err
		}
		if !bytes.Equal(body, canned.list) {
			return fmt.Errorf("its list answer is not the canned body")
		}
		return nil
	}
	if err := p.WaitReady(ctx, readyTimeout, ready); err != nil {
		return nil, "", stopAfter(p, err)
	}
	return p, addr, nil
}

// stopAfter stops p after err and returns both.
func stopAfter(p *loadbench.Process, err error) error {
	if stopErr := p.Stop(stopGrace); stopErr != nil {
		return fmt.Errorf("%w (and stopping it: %v)", err, stopErr)
	}
	return err
}
