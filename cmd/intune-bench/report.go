package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// report is everything the run measured.
type report struct {
	rounds      int
	duration    time.Duration
	connections int
	cpus        int
	pageLen     int
	legs        []*leg        // by workload, then server
	memory      *memoryResult // nil when skipped
	// durable are the same with a -data file, at one connection and at
	// the benchmark's; empty when skipped.
	durable  []*memoryResult
	batching *batchResult // nil when skipped
}

// failures lists what makes the run a failure: any answer that was not
// the workload's status, from either server, and a memory fill that did
// not create every assignment.
func (r *report) failures() []string {
	var fails []string
	for _, l := range r.legs {
		t := l.tally
		switch {
		case t.Requests() == 0:
			fails = append(fails, fmt.Sprintf("%s against %s: no request was sent", l.workload, l.server))
		case t.Unexpected > 0:
			fails = append(fails, fmt.Sprintf("%s against %s: %d of %d answers were not %d (%d non-2xx); %s",
				l.workload, l.server, t.Unexpected, t.Requests(), t.WantStatus, t.Non2xx, describeAnswers(t)))
		}
	}
	if m := r.memory; m != nil && (m.tally.Unexpected > 0 || m.created != uint64(m.assignments)) {
		fails = append(fails, fmt.Sprintf("memory: %d of %d creates answered 201; %s", m.created, m.assignments, describeAnswers(m.tally)))
	}
	for _, m := range r.durable {
		if m.tally.Unexpected > 0 || m.created != uint64(m.assignments) {
			fails = append(fails, fmt.Sprintf("durable store, %d connections: %d of %d creates answered 201; %s", m.connections, m.created, m.assignments, describeAnswers(m.tally)))
		}
	}
	if r.batching != nil {
		fails = append(fails, r.batching.failures()...)
	}
	return fails
}

// describeAnswers names the statuses seen and the first errors.
func describeAnswers(t *loadbench.Tally) string {
	var codes []string
	for _, code := range slices.Sorted(maps.Keys(t.Metrics.StatusCodes)) {
		name := code
		if code == "0" {
			name = "no answer"
		}
		codes = append(codes, fmt.Sprintf("%s: %d", name, t.Metrics.StatusCodes[code]))
	}
	s := "statuses " + strings.Join(codes, ", ")
	if errs := t.Metrics.Errors; len(errs) > 0 {
		s += "; errors: " + strings.Join(errs[:min(len(errs), 3)], "; ")
	}
	return s
}

// print writes the report as text tables, then any failures.
func (r *report) print(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d interleaved rounds of %v per leg; %d connections per attack at max rate; %d CPUs shared by the client and both servers\n",
		r.rounds, r.duration, r.connections, r.cpus)
	fmt.Fprintf(&b, "list answers the default page of %d assignments; both servers send the same bytes\n\n", r.pageLen)

	fmt.Fprintf(&b, "%-8s  %-9s  %9s  %9s  %10s  %10s  %8s  %7s\n", "workload", "server", "requests", "req/s", "p50", "p99", "success", "non-2xx")
	for _, l := range r.legs {
		t := l.tally
		fmt.Fprintf(&b, "%-8s  %-9s  %9d  %9.0f  %10s  %10s  %7.2f%%  %7d\n",
			l.workload, l.server, t.Requests(), t.Rate(), latency(t.Metrics.Latencies.P50), latency(t.Metrics.Latencies.P99),
			100*t.Metrics.Success, t.Non2xx)
	}

	fmt.Fprintf(&b, "\n%s / %s\n", emulatorName, bareName)
	fmt.Fprintf(&b, "%-8s  %9s  %10s\n", "workload", "req/s", "p99")
	for _, workload := range r.workloads() {
		emu, bare := r.leg(workload, emulatorName), r.leg(workload, bareName)
		if emu == nil || bare == nil {
			continue
		}
		fmt.Fprintf(&b, "%-8s  %9s  %10s\n", workload,
			ratio(emu.tally.Rate(), bare.tally.Rate()),
			ratio(emu.tally.Metrics.Latencies.P99.Seconds(), bare.tally.Metrics.Latencies.P99.Seconds()))
	}

	if m := r.memory; m != nil {
		fmt.Fprintf(&b, "\nmemory of a fresh emulator (pid %d) holding %d assignments\n", m.pid, m.created)
		fmt.Fprintf(&b, "  created  %d of %d (201 answers; the list holds exactly that many) in %v, %.0f req/s\n",
			m.created, m.assignments, m.tally.Elapsed.Round(time.Millisecond), m.tally.Rate())
		fmt.Fprintf(&b, "  VmRSS    %s (before the creates: %s)\n", mib(m.loaded.RSS), mib(m.idle.RSS))
		fmt.Fprintf(&b, "  VmHWM    %s\n", mib(m.loaded.HWM))
		if m.created > 0 && m.loaded.RSS > m.idle.RSS {
			fmt.Fprintf(&b, "  growth   %.0f bytes of VmRSS per assignment\n", float64(m.loaded.RSS-m.idle.RSS)/float64(m.created))
		}
	}

	if len(r.durable) > 0 {
		fmt.Fprintf(&b, "\ndurable store: fresh emulators with -data; each create is on disk (fsynced) before its 201\n")
		fmt.Fprintf(&b, "%11s  %15s  %9s  %9s  %10s  %10s  %9s\n", "connections", "created", "time", "req/s", "p99", "VmRSS", "file")
		for _, m := range r.durable {
			fmt.Fprintf(&b, "%11d  %15s  %9s  %9.0f  %10s  %10s  %9s\n", m.connections, fmt.Sprintf("%d of %d", m.created, m.assignments),
				m.tally.Elapsed.Round(time.Millisecond), m.tally.Rate(), latency(m.tally.Metrics.Latencies.P99), mib(m.loaded.RSS), mib(uint64(m.fileSize)))
		}
		if n := len(r.durable); n > 1 {
			first, last := r.durable[0], r.durable[n-1]
			fmt.Fprintf(&b, "%d connections / %d: %s the creates per second\n", last.connections, first.connections, ratio(last.tally.Rate(), first.tally.Rate()))
		}
	}

	if r.batching != nil {
		r.batching.print(&b)
	}

	if fails := r.failures(); len(fails) > 0 {
		b.WriteString("\n")
		for _, f := range fails {
			fmt.Fprintf(&b, "FAIL: %s\n", f)
		}
		b.WriteString("FAIL: not every answer had the expected status: the figures above do not measure what they claim to\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// workloads are the legs' workloads in order, each once.
func (r *report) workloads() []string {
	var names []string
	for _, l := range r.legs {
		if !slices.Contains(names, l.workload) {
			names = append(names, l.workload)
		}
	}
	return names
}

func (r *report) leg(workload, server string) *leg {
	for _, l := range r.legs {
		if l.workload == workload && l.server == server {
			return l
		}
	}
	return nil
}

func latency(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds()*1000, 'f', 3, 64) + "ms"
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return strconv.FormatFloat(a/b, 'f', 2, 64) + "x"
}

// mib formats bytes in MiB, the unit /proc's kB values are closest to.
func mib(bytes uint64) string {
	return strconv.FormatFloat(float64(bytes)/(1<<20), 'f', 1, 64) + " MiB"
}
