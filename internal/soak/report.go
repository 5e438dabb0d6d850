package soak

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is what a run found.
type report struct {
	o        Options
	samples  []sample
	checks   []check
	starts   int
	pauses   int
	counts   counts
	ops      map[string]int64
	items    map[string]int64
	lost     int64 // batches whose whole answer was lost
	acked    int64
	batched  int64 // acknowledged writes that were requests of batches
	inDoubt  int64
	verdicts []verdict
	problems []string
}

// Thresholds of the settle check: the later samples may exceed the
// earlier ones by this fraction plus this much, and no more.
var settleChecks = []struct {
	name  string
	value func(sample) float64
	tol   float64
	slack float64
	unit  func(float64) string
}{
	{"RSS", func(s sample) float64 { return s.rss }, 0.25, 8 << 20, mib},
	{"goroutines", func(s sample) float64 { return s.goroutines }, 0.25, 10, count},
	{"open fds", func(s sample) float64 { return s.fds }, 0.25, 10, count},
}

// verdict says whether one measure settled: the largest value of the
// second half of the warm samples against the largest of the first half.
type verdict struct {
	name                string
	judged, ok          bool
	firstMax, secondMax string
	limit               string
}

// settle judges the samples taken at least warmUp after their process
// started; the others are still warming up.
func settle(samples []sample, warmUp time.Duration) []verdict {
	var warm []sample
	for _, s := range samples {
		if s.uptime >= warmUp {
			warm = append(warm, s)
		}
	}
	var out []verdict
	for _, c := range settleChecks {
		v := verdict{name: c.name}
		if len(warm) >= 2 {
			half := len(warm) / 2
			first, second := maxOf(warm[:half], c.value), maxOf(warm[half:], c.value)
			limit := first*(1+c.tol) + c.slack
			v.judged, v.ok = true, second <= limit
			v.firstMax, v.secondMax, v.limit = c.unit(first), c.unit(second), c.unit(limit)
		}
		out = append(out, v)
	}
	return out
}

func maxOf(samples []sample, value func(sample) float64) float64 {
	m := value(samples[0])
	for _, s := range samples[1:] {
		m = max(m, value(s))
	}
	return m
}

func (r *run) report() *report {
	rep := &report{o: r.o, samples: r.samples, checks: r.checks, starts: r.emu.starts, pauses: r.pauses, counts: r.rec.counts()}
	r.work.mu.Lock()
	rep.ops, rep.items, rep.lost = maps.Clone(r.work.ops), maps.Clone(r.work.items), r.work.batchesLost
	rep.acked, rep.batched, rep.inDoubt = r.work.acknowledged, r.work.ackedBatched, r.work.inDoubt
	rep.problems = append(rep.problems, r.work.problems...)
	r.work.mu.Unlock()
	rep.problems = append(rep.problems, r.issues...)
	for _, ch := range r.checks {
		rep.problems = append(rep.problems, ch.problems...)
	}
	if n := rep.counts.real5xxCount; n > 0 {
		rep.problems = append(rep.problems, fmt.Sprintf("%d 5xx answers that no fault rule injected, among them:", n))
		rep.problems = append(rep.problems, rep.counts.real5xx...)
	}
	rep.problems = append(rep.problems, rep.counts.malformed...)
	rep.verdicts = settle(r.samples, r.o.WarmUp)
	for _, v := range rep.verdicts {
		switch {
		case !v.judged:
			rep.problems = append(rep.problems, fmt.Sprintf("%s: fewer than two samples after warm-up; make the run longer or sample more often", v.name))
		case !v.ok:
			rep.problems = append(rep.problems, fmt.Sprintf("%s grew: %s in the later samples, %s at most in the earlier ones (limit %s)", v.name, v.secondMax, v.firstMax, v.limit))
		}
	}
	if len(r.checks) == 0 {
		rep.problems = append(rep.problems, "no check after a restart was made")
	}
	return rep
}

func (rep *report) print(w io.Writer) error {
	var b strings.Builder
	o := rep.o
	fmt.Fprintf(&b, "\nsoak: %v, %d workers (%d over HTTP, %d over HTTPS) over %d configurations, kill -9 and restart every %v; -data, fault rules and -throttle intune (window %v) on\n\n",
		o.Duration, o.Workers, o.Workers-o.Workers/2, o.Workers/2, o.Configurations, o.RestartEvery, o.ThrottleWindow)
	fmt.Fprintf(&b, "%8s  %5s  %8s  %10s  %10s  %10s  %8s  %6s  %7s  %7s  %11s\n", "at", "start", "uptime", "RSS", "heap", "goroutines", "open fds", "HTTP/s", "HTTPS/s", "items/s", "assignments")
	for _, s := range rep.samples {
		fmt.Fprintf(&b, "%8v  %5d  %8v  %10s  %10s  %10.0f  %8.0f  %6.0f  %7.0f  %7.0f  %11.0f\n", s.at.Round(time.Second), s.start, s.uptime.Round(time.Second),
			mib(s.rss), mib(s.heap), s.goroutines, s.fds, s.httpRate, s.httpsRate, s.itemRate, s.assignmentsStored)
	}
	b.WriteString("(HTTP/s and HTTPS/s: requests sent per second, batches counted once; items/s: answers of requests inside batches per second)\n\n")
	c := rep.counts
	fmt.Fprintf(&b, "operations        %s\n", tally(rep.ops))
	fmt.Fprintf(&b, "batch requests    %s: %d in %d batches, %d of which lost whole (their writes in doubt)\n", tally(rep.items), total(rep.items), rep.ops["batch"], rep.lost)
	fmt.Fprintf(&b, "requests          %d over HTTP, %d over HTTPS (%d of them to the token endpoint)\n", c.schemes["http"], c.schemes["https"], c.tokens)
	fmt.Fprintf(&b, "writes            %d acknowledged (%d of them in batches), %d in doubt (settled at the next check)\n", rep.acked, rep.batched, rep.inDoubt)
	passed := 0
	for _, ch := range rep.checks {
		if len(ch.problems) == 0 {
			passed++
		}
	}
	if n := len(rep.checks); n > 0 {
		last := rep.checks[n-1]
		verified := int64(0)
		if passed == n {
			verified = last.acknowledged
		}
		fmt.Fprintf(&b, "restarts          %d kills with SIGKILL survived: %d of %d checks found every acknowledged write\n", n, passed, n)
		fmt.Fprintf(&b, "verified          %d of %d acknowledged writes; the last check found %d assignments as written\n", verified, rep.acked, last.checked)
	}
	fmt.Fprintf(&b, "answers           %s; no answer: %d (resets injected, the kills)\n", byStatus(c.statuses), c.noAnswer)
	fmt.Fprintf(&b, "in batches        %s, in the %d batch answers read whole\n", byStatus(c.items), c.batches)
	fmt.Fprintf(&b, "5xx               %d injected (%d of them inside batches), %d not; the emulator's own counts agreed at %d of %d pauses\n",
		c.injected5xx, c.injectedItem, c.real5xxCount, rep.pauses, len(rep.checks))
	for _, v := range rep.verdicts {
		if v.judged {
			state := "settled"
			if !v.ok {
				state = "GREW"
			}
			fmt.Fprintf(&b, "%-17s %s: at most %s after warm-up in the first half of the run, %s in the second (limit %s)\n", v.name, state, v.firstMax, v.secondMax, v.limit)
		}
	}
	if len(rep.problems) > 0 {
		b.WriteString("\n")
		for _, p := range rep.problems {
			fmt.Fprintf(&b, "FAIL: %s\n", p)
		}
	} else {
		b.WriteString("\nPASS\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// scanLog lists the errors the emulator logged (it logs warnings and
// errors only in a soak): a 5xx or a failed write is logged as one. An
// injected 504 is not: the emulator logs the faults it was asked for as
// information.
func scanLog(path string) (errs []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var entry struct {
			Level, Msg, Error string
			Status            int
		}
		if json.Unmarshal(sc.Bytes(), &entry) != nil || entry.Level != "ERROR" {
			continue
		}
		if n++; len(errs) < maxRecorded {
			errs = append(errs, "the emulator logged: "+sc.Text())
		}
	}
	if n > len(errs) {
		errs = append(errs, fmt.Sprintf("the emulator logged %d errors in all", n))
	}
	return errs, sc.Err()
}

// tally lists counts by name, sorted.
func tally(m map[string]int64) string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s %d", name, m[name]))
	}
	return strings.Join(out, ", ")
}

// byStatus lists counts by status, sorted.
func byStatus(m map[int]int64) string {
	var out []string
	for _, code := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%d: %d", code, m[code]))
	}
	return strings.Join(out, ", ")
}

func mib(bytes float64) string {
	return strconv.FormatFloat(bytes/(1<<20), 'f', 1, 64) + " MiB"
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
