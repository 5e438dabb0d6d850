package soak

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"
)

// scraped is what the soak reads of the emulator's /metrics.
type scraped struct {
	rss, heap         float64 // bytes: process_resident_memory_bytes, go_memstats_heap_inuse_bytes
	goroutines, fds   float64
	answered5xx       float64 // intune_emulator_requests_total of a 5xx status
	injectedStatus    float64 // intune_emulator_faults_injected_total{kind="status"}
	assignmentsStored float64 // intune_emulator_assignments_stored, summed
}

// scrape reads /metrics of the emulator at addr.
func scrape(ctx context.Context, hc *http.Client, addr string) (scraped, error) {
	var s scraped
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return s, err
	}
	rsp, err := hc.Do(req)
	if err != nil {
		return s, fmt.Errorf("scrape /metrics: %w", err)
	}
	defer rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("scrape /metrics: %s", rsp.Status)
	}
	parser := expfmt.NewTextParser(pmodel.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rsp.Body)
	if err != nil {
		return s, fmt.Errorf("parse /metrics: %w", err)
	}
	for _, need := range []string{"process_resident_memory_bytes", "go_memstats_heap_inuse_bytes", "go_goroutines", "process_open_fds"} {
		if families[need] == nil {
			return s, fmt.Errorf("/metrics has no %s", need)
		}
	}
	s.rss = sum(families["process_resident_memory_bytes"], nil)
	s.heap = sum(families["go_memstats_heap_inuse_bytes"], nil)
	s.goroutines = sum(families["go_goroutines"], nil)
	s.fds = sum(families["process_open_fds"], nil)
	s.answered5xx = sum(families["intune_emulator_requests_total"], func(l map[string]string) bool { return strings.HasPrefix(l["status"], "5") })
	s.injectedStatus = sum(families["intune_emulator_faults_injected_total"], func(l map[string]string) bool { return l["kind"] == "status" })
	s.assignmentsStored = sum(families["intune_emulator_assignments_stored"], nil)
	return s, nil
}

// sum adds the values of the family's metrics whose labels keep accepts
// (nil: all); a missing family is 0.
func sum(f *dto.MetricFamily, keep func(map[string]string) bool) float64 {
	if f == nil {
		return 0
	}
	var total float64
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if keep != nil && !keep(labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			total += m.GetCounter().GetValue()
		case m.Gauge != nil:
			total += m.GetGauge().GetValue()
		case m.Untyped != nil:
			total += m.GetUntyped().GetValue()
		}
	}
	return total
}

// sample is the process as one scrape found it.
type sample struct {
	at     time.Duration // since the soak began
	start  int           // which start of the emulator
	uptime time.Duration
	// requests per second since the sample before, by scheme, and answers
	// of requests inside batches per second
	httpRate, httpsRate, itemRate float64
	scraped
}
