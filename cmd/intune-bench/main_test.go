package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/specfirst/intune-assignments/internal/loadbench"
)

// TestMain lets the test binary stand in for intune-bench: the benchmark
// starts its own binary again as the bare server, and under go test its
// own binary is this one.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == bareCommand {
		main()
	}
	os.Exit(m.Run())
}

// TestBench runs the whole benchmark small: the emulator is built, both
// servers run as processes, every leg gets answers, and the report has
// every row with figures that make sense.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the emulator")
	}
	o, err := parseFlags([]string{"-rounds", "2", "-duration", "200ms", "-warmup", "50ms", "-connections", "4", "-rss-assignments", "2000", "-durable-assignments", "300"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	rep, err := bench(context.Background(), o, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, &progress)
	}
	if fails := rep.failures(); len(fails) > 0 {
		t.Errorf("failures: %q", fails)
	}
	if rep.pageLen != 100 {
		t.Errorf("list page of %d assignments, want the default 100", rep.pageLen)
	}

	wantLegs := [][2]string{{"create", emulatorName}, {"create", bareName}, {"list", emulatorName}, {"list", bareName}}
	if len(rep.legs) != len(wantLegs) {
		t.Fatalf("%d legs, want %d", len(rep.legs), len(wantLegs))
	}
	for i, l := range rep.legs {
		if got := [2]string{l.workload, l.server}; got != wantLegs[i] {
			t.Errorf("leg %d is %v, want %v", i, got, wantLegs[i])
		}
		tl, lat := l.tally, l.tally.Metrics.Latencies
		if tl.Requests() == 0 || tl.Non2xx != 0 || tl.Metrics.Success != 1 {
			t.Errorf("%s %s: %d requests, %d non-2xx, success %v", l.workload, l.server, tl.Requests(), tl.Non2xx, tl.Metrics.Success)
		}
		// Two rounds of 200ms each, and attacks end when their last
		// answer is in.
		if tl.Elapsed < 400*time.Millisecond || tl.Elapsed > 10*time.Second {
			t.Errorf("%s %s: attacked for %v, want about 400ms", l.workload, l.server, tl.Elapsed)
		}
		if lat.P50 <= 0 || lat.P50 > lat.P99 || lat.P99 > tl.Elapsed {
			t.Errorf("%s %s: p50 %v, p99 %v", l.workload, l.server, lat.P50, lat.P99)
		}
	}

	if len(rep.durable) != 2 {
		t.Fatalf("%d durable store rows, want 2", len(rep.durable))
	}
	for i, d := range rep.durable {
		if want := []int{1, 4}[i]; d.created != 300 || d.tally.Unexpected != 0 || d.fileSize == 0 || d.connections != want {
			t.Errorf("durable store row %d: %+v, want 300 created on %d connections", i, d, want)
		}
	}
	if b := rep.batching; b == nil || b.size != 20 || b.batch.tally.Requests() == 0 || b.stored < 20*b.batch.tally.Requests() {
		t.Errorf("batching part: %+v", b)
	}

	m := rep.memory
	if m == nil {
		t.Fatal("no memory figures")
	}
	if m.created != 2000 || m.tally.Unexpected != 0 {
		t.Errorf("created %d, %d unexpected answers; want 2000 and 0", m.created, m.tally.Unexpected)
	}
	if m.idle.RSS < 1<<20 || m.loaded.RSS > 4<<30 || m.loaded.HWM < m.loaded.RSS || m.loaded.HWM <= m.idle.RSS {
		t.Errorf("implausible memory: idle %+v, loaded %+v", m.idle, m.loaded)
	}

	var out bytes.Buffer
	if err := rep.print(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		`(?m)^create\s+emulator\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+100\.00%\s+0$`,
		`(?m)^create\s+bare-echo\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+100\.00%\s+0$`,
		`(?m)^list\s+emulator\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+100\.00%\s+0$`,
		`(?m)^list\s+bare-echo\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+100\.00%\s+0$`,
		`(?m)^create\s+[\d.]+x\s+[\d.]+x$`,
		`(?m)^list\s+[\d.]+x\s+[\d.]+x$`,
		`(?m)^  created  2000 of 2000 `,
		`(?m)^  VmRSS    [\d.]+ MiB \(before the creates: [\d.]+ MiB\)$`,
		`(?m)^  VmHWM    [\d.]+ MiB$`,
		`(?m)^create\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+\d+$`,
		`(?m)^batch\s+\d+\s+\d+\s+[\d.]+ms\s+[\d.]+ms\s+\d+$`,
		`(?m)^batch / create: [\d.]+x the assignments per second$`,
		`(?m)^\s+1\s+300 of 300\s+[\d.]+m?s\s+\d+\s+[\d.]+ms\s+[\d.]+ MiB\s+[\d.]+ MiB$`,
		`(?m)^\s+4\s+300 of 300\s+`,
		`(?m)^4 connections / 1: [\d.]+x the creates per second$`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the report has no line matching %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "FAIL") {
		t.Errorf("the report of a clean run says FAIL:\n%s", text)
	}
}

// TestReportFailures flags a leg with error answers, and a memory fill
// that fell short, loudly in the report.
func TestReportFailures(t *testing.T) {
	bad := loadbench.NewTally(http.StatusCreated)
	bad.Add(&vegeta.Result{Code: http.StatusCreated, Latency: time.Millisecond})
	bad.Add(&vegeta.Result{Code: http.StatusInternalServerError, Error: "500 Internal Server Error", Latency: time.Millisecond})
	bad.Close()
	good := loadbench.NewTally(http.StatusOK)
	good.Add(&vegeta.Result{Code: http.StatusOK, Latency: time.Millisecond})
	good.Close()
	short := loadbench.NewTally(http.StatusCreated)
	short.Add(&vegeta.Result{Code: 0, Error: "connection refused"})
	short.Close()

	rep := &report{
		legs: []*leg{
			{workload: "create", server: emulatorName, tally: bad},
			{workload: "create", server: bareName, tally: good},
		},
		memory: &memoryResult{assignments: 10, created: 0, tally: short},
	}
	fails := rep.failures()
	if len(fails) != 2 {
		t.Fatalf("failures %q, want the create leg's and the memory fill's", fails)
	}
	if !strings.Contains(fails[0], "1 of 2 answers were not 201") || !strings.Contains(fails[0], "500: 1") {
		t.Errorf("failure %q does not say what went wrong", fails[0])
	}
	if !strings.Contains(fails[1], "0 of 10") || !strings.Contains(fails[1], "no answer: 1") {
		t.Errorf("failure %q does not say what went wrong", fails[1])
	}
	var out bytes.Buffer
	if err := rep.print(&out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "FAIL: "); got != 3 {
		t.Errorf("%d FAIL lines, want 3:\n%s", got, &out)
	}
}

func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-rounds", "0"}, 2},
		{[]string{"-connections", "0"}, 2},
		{[]string{"-duration", "0s"}, 2},
		{[]string{"-rss-assignments", "-1"}, 2},
		{[]string{"-batch-size", "21"}, 2},
		{[]string{"extra"}, 2},
		{[]string{"-no-such-flag"}, 2},
		{[]string{bareCommand}, 2},
		{[]string{"-h"}, 0},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tt.args, &stdout, &stderr); code != tt.code {
			t.Errorf("%q: exit %d, want %d; stderr %s", tt.args, code, tt.code, &stderr)
		}
		if tt.code == 2 && stderr.Len() == 0 {
			t.Errorf("%q: no message", tt.args)
		}
	}
}
