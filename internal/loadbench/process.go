package loadbench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Process is a server running as a child process. Its standard streams are
// /dev/null: the servers measured log every request, and a write to
// /dev/null is the cheapest way to let them, the same for every server.
type Process struct {
	name    string
	cmd     *exec.Cmd
	exited  chan struct{} // closed once Wait has returned
	waitErr error         // Wait's error; read only after exited is closed
}

// Start starts path with args. name is what errors call the process.
func Start(name, path string, args ...string) (*Process, error) {
	// Stdin, Stdout and Stderr stay nil, which os/exec connects to /dev/null.
	return StartLogged(name, path, nil, args...)
}

// StartLogged is Start with the process's stderr written to log (nil:
// /dev/null).
func StartLogged(name, path string, log io.Writer, args ...string) (*Process, error) {
	cmd := exec.Command(path, args...)
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Process{name: name, cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// PID is the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// WaitReady calls ready until it returns nil. It fails when the process
// exits first, when timeout passes, or when ctx is done.
func (p *Process) WaitReady(ctx context.Context, timeout time.Duration, ready func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for {
		err := ready(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-p.exited:
			if exitErr := p.exitError(); exitErr != nil {
				return fmt.Errorf("exited before it was ready: %w", exitErr)
			}
			return fmt.Errorf("%s exited before it was ready", p.name)
		case <-ctx.Done():
			return fmt.Errorf("%s not ready within %v: %w", p.name, timeout, err)
		case <-poll.C:
		}
	}
}

// Stop sends SIGTERM and waits up to grace for the process to exit, then
// kills it. Only a process that exits with status 0 stops cleanly: a server
// that crashed, or had to be killed, makes the run a failure. Stop may be
// called again; it then reports the same exit.
func (p *Process) Stop(grace time.Duration) error {
	select {
	case <-p.exited:
		return p.exitError()
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s: %w", p.name, err)
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-p.exited:
		return p.exitError()
	case <-timer.C:
		// Kill fails only when the process is gone already; Wait then
		// returns anyway.
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("%s did not stop within %v of SIGTERM and was killed", p.name, grace)
	}
}

// Kill sends SIGKILL, as a crash would end the process, and waits until it
// is gone. It says nothing of how the process ended: it was killed.
func (p *Process) Kill() {
	// Kill fails only when the process is gone already.
	_ = p.cmd.Process.Kill()
	<-p.exited
}

func (p *Process) exitError() error {
	if p.waitErr != nil {
		return fmt.Errorf("%s: %w", p.name, p.waitErr)
	}
	return nil
}
