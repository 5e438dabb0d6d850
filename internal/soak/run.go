package soak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/specfirst/intune-assignments/internal/loadbench"
	"github.com/specfirst/intune-assignments/server/store"
)

// pageSize is the emulator's -page-size: small, so that every list pages.
const pageSize = 20

// run is one soak run's state.
type run struct {
	o        Options
	progress io.Writer
	emu      *emulator
	rec      *recorder
	work     *workload
	scrapeHC *http.Client
	began    time.Time
	rng      *rand.Rand

	samples []sample
	checks  []check
	pauses  int      // pauses at which the emulator's 5xx were counted
	issues  []string // problems found outside the workers
	lastAt  time.Time
	last    counts // the recorder's counts at lastAt
}

// Run runs the soak: it starts the emulator, runs the workload for
// o.Duration with a kill -9 and restart every o.RestartEvery, checks
// everything, and writes its report to out and its progress to progress.
// It returns an error when the run could not be made or found a problem.
func Run(ctx context.Context, o Options, out, progress io.Writer) error {
	if err := o.validate(); err != nil {
		return err
	}
	// However the emulator behaves, the run ends: the workload's time,
	// then as long again at most for starts, checks and the last stop.
	ctx, cancel := context.WithTimeout(ctx, 2*o.Duration+5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "intune-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r, err := prepare(ctx, o, dir, progress)
	if err != nil {
		return err
	}
	runErr := r.soak(ctx)
	logProblems, logErr := scanLog(filepath.Join(dir, "emulator.log"))
	r.issues = append(r.issues, logProblems...)
	rep := r.report()
	if err := rep.print(out); err != nil {
		return errors.Join(runErr, logErr, err)
	}
	if err := errors.Join(runErr, logErr); err != nil {
		return err
	}
	if n := len(rep.problems); n > 0 {
		return fmt.Errorf("%d problems found", n)
	}
	return nil
}

// prepare builds (or takes) the emulator, writes its fault rules, and
// makes the client.
func prepare(ctx context.Context, o Options, dir string, progress io.Writer) (*run, error) {
	path := o.Emulator
	if path == "" {
		root, err := loadbench.ModuleRoot(ctx)
		if err != nil {
			return nil, err
		}
		fmt.Fprintln(progress, "intune-soak: building the emulator")
		if path, err = loadbench.BuildEmulator(ctx, root, dir); err != nil {
			return nil, err
		}
	}
	rules := filepath.Join(dir, "faults.yaml")
	if err := os.WriteFile(rules, []byte(faultRules(o.Seed)), 0o600); err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	addr, err := loadbench.FreeAddr()
	if err != nil {
		return nil, err
	}
	tlsAddr, err := loadbench.FreeAddr()
	if err != nil {
		return nil, err
	}
	emu := &emulator{path: path, addr: addr, tlsAddr: tlsAddr, stateDir: filepath.Join(dir, "state"), log: logFile, args: []string{
		"-data", filepath.Join(dir, "data.db"),
		"-fault-rules", rules,
		"-throttle", "intune", "-throttle-window", o.ThrottleWindow.String(),
		"-metrics",
		"-page-size", fmt.Sprint(pageSize),
		"-log-format", "json", "-log-level", "warn",
	}}
	r := &run{
		o: o, progress: progress, emu: emu, rec: newRecorder(),
		scrapeHC: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}},
		rng:      rand.New(rand.NewPCG(o.Seed, 0x50a4)),
	}
	c, err := r.plainClient()
	if err != nil {
		return nil, err
	}
	ids := store.ConfigurationIDs(store.DefaultConfigurations())
	if o.Configurations > len(ids) {
		return nil, fmt.Errorf("the emulator knows %d configurations; %d asked for", len(ids), o.Configurations)
	}
	r.work = &workload{client: c, ops: map[string]int64{}, items: map[string]int64{}}
	for _, id := range ids[:o.Configurations] {
		r.work.configs = append(r.work.configs, newConfig(id))
	}
	return r, nil
}

// soak is the run itself: the workload, with samples and restarts on
// their schedule, then the last check and a clean stop.
func (r *run) soak(ctx context.Context) error {
	if err := r.emu.start(ctx); err != nil {
		return err
	}
	secure, err := r.secureClient(ctx)
	if err != nil {
		return err
	}
	r.began, r.lastAt = time.Now(), time.Now()
	workCtx, stopWork := context.WithCancel(ctx)
	var workers sync.WaitGroup
	for i := range r.o.Workers {
		// Every other worker goes over HTTPS.
		wk := &worker{workload: r.work, client: r.work.client, rng: rand.New(rand.NewPCG(r.o.Seed, uint64(i)))}
		if i%2 == 1 {
			wk.client = secure
		}
		workers.Go(func() { wk.run(workCtx) })
	}
	defer func() {
		stopWork()
		workers.Wait()
	}()

	end := r.began.Add(r.o.Duration)
	nextSample := r.began.Add(r.o.SampleEvery)
	nextRestart := r.began.Add(r.o.RestartEvery - r.o.SampleEvery/2)
	for {
		at := minTime(nextSample, nextRestart, end)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Until(at)):
		}
		if !nextSample.After(at) {
			r.sample(ctx)
			nextSample = nextSample.Add(r.o.SampleEvery)
		}
		if !at.Before(end) {
			break
		}
		if !nextRestart.After(at) {
			if err := r.restart(ctx, false); err != nil {
				return err
			}
			nextRestart = nextRestart.Add(r.o.RestartEvery)
			// A sample the restart made late is skipped, not taken
			// twice in a row.
			for !nextSample.After(time.Now()) {
				nextSample = nextSample.Add(r.o.SampleEvery)
			}
		}
	}
	if err := r.restart(ctx, true); err != nil {
		return err
	}
	stopWork()
	r.work.pause.Unlock() // the workers see the end and leave
	workers.Wait()
	if err := r.emu.stop(); err != nil {
		return fmt.Errorf("the emulator did not stop cleanly on SIGTERM: %w", err)
	}
	return nil
}

func minTime(ts ...time.Time) time.Time {
	m := ts[0]
	for _, t := range ts[1:] {
		if t.Before(m) {
			m = t
		}
	}
	return m
}

// sample scrapes the emulator's /metrics.
func (r *run) sample(ctx context.Context) {
	s, err := scrape(ctx, r.scrapeHC, r.emu.addr)
	if err != nil {
		r.issues = append(r.issues, fmt.Sprintf("sample at %v: %v", time.Since(r.began).Round(time.Second), err))
		return
	}
	now, n := time.Now(), r.rec.counts()
	smp := sample{at: now.Sub(r.began), start: r.emu.starts, uptime: now.Sub(r.emu.started), scraped: s}
	perSecond := func(v, last int64) float64 { return float64(v-last) / now.Sub(r.lastAt).Seconds() }
	smp.httpRate = perSecond(n.schemes["http"], r.last.schemes["http"])
	smp.httpsRate = perSecond(n.schemes["https"], r.last.schemes["https"])
	smp.itemRate = perSecond(n.itemsAnswered(), r.last.itemsAnswered())
	r.lastAt, r.last = now, n
	r.samples = append(r.samples, smp)
	fmt.Fprintf(r.progress, "intune-soak: %v: start %d, RSS %s, %.0f goroutines, %.0f open fds, %.0f HTTP and %.0f HTTPS requests/s, %.0f batch items/s\n",
		smp.at.Round(time.Second), smp.start, mib(s.rss), s.goroutines, s.fds, smp.httpRate, smp.httpsRate, smp.itemRate)
}

// restart pauses the workload and checks the emulator's count of 5xx
// answers against its count of injected faults; lets the workload go on
// for a moment and kills the emulator in the middle of it; starts it again
// on the same file and checks it against the model. The last one leaves
// the workload paused.
func (r *run) restart(ctx context.Context, last bool) error {
	r.work.pause.Lock()
	s, err := scrape(ctx, r.scrapeHC, r.emu.addr)
	switch {
	case err != nil:
		r.issues = append(r.issues, fmt.Sprintf("before kill %d: %v", r.emu.starts, err))
	case s.answered5xx != s.injectedStatus:
		r.issues = append(r.issues, fmt.Sprintf("start %d of the emulator answered %.0f 5xx, of which %.0f were injected", r.emu.starts, s.answered5xx, s.injectedStatus))
	default:
		r.pauses++
	}
	r.work.pause.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(100*time.Millisecond + time.Duration(r.rng.Int64N(int64(900*time.Millisecond)))):
	}
	r.emu.kill()
	r.work.pause.Lock() // what was in flight fails, and is in doubt
	fmt.Fprintf(r.progress, "intune-soak: %v: killed start %d with SIGKILL; starting it again\n", time.Since(r.began).Round(time.Second), r.emu.starts)
	if err := r.emu.start(ctx); err != nil {
		r.work.pause.Unlock()
		return err
	}
	ch := r.work.checkAll(ctx, r.emu.starts)
	r.work.mu.Lock()
	ch.acknowledged = r.work.acknowledged
	r.work.mu.Unlock()
	r.checks = append(r.checks, ch)
	fmt.Fprintf(r.progress, "intune-soak: start %d holds every acknowledged write: %v (%d problems)\n", r.emu.starts, len(ch.problems) == 0, len(ch.problems))
	if !last {
		r.work.pause.Unlock()
	}
	return nil
}
