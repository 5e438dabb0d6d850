package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// resilienceFlags are the serve flags of throttling profiles, fault
// injection, metrics and the admin endpoints.
type resilienceFlags struct {
	throttle          string
	throttleWindow    time.Duration
	faultRules        string
	faultSeed         uint64
	allowFaultHeaders bool
	metrics           bool
	adminToken        string
}

func (r *resilienceFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&r.throttle, "throttle", "custom", "throttling profile: custom (the -throttle-rate token bucket) or intune (Intune's published limits, sliding windows)")
	fs.DurationVar(&r.throttleWindow, "throttle-window", resilience.IntuneWindow, "window of the intune profile's limits; shorter makes a test reach a limit sooner")
	fs.StringVar(&r.faultRules, "fault-rules", "", "YAML or JSON file of fault injection rules (default: none, nothing is injected)")
	fs.Uint64Var(&r.faultSeed, "fault-seed", 0, "seed of the fault rules' random draws, overriding the file's seed when not 0")
	fs.BoolVar(&r.allowFaultHeaders, "allow-fault-headers", false, "honour the X-Emulator-Fault request header (e.g. '503; retry-after=2')")
	fs.BoolVar(&r.metrics, "metrics", false, "serve Prometheus metrics at /metrics")
	fs.StringVar(&r.adminToken, "admin-token", "", "serve POST /_emulator/reset and GET /_emulator/state to 'Authorization: Bearer <token>' (default: not served)")
}

// apply puts the flags in cfg; a rules file that cannot be read stops the start.
func (r *resilienceFlags) apply(cfg *server.Config) error {
	rc := &cfg.Resilience
	switch r.throttle {
	case "custom":
	case "intune":
		if r.throttleWindow <= 0 {
			return usageError{"-throttle-window must be positive"}
		}
		rc.IntuneThrottle = &resilience.IntuneThrottleConfig{Window: r.throttleWindow}
	default:
		return usageError{fmt.Sprintf("-throttle %q: want custom or intune", r.throttle)}
	}
	if r.faultRules != "" {
		rules, err := resilience.LoadFaultRules(r.faultRules)
		if err != nil {
			return err
		}
		if r.faultSeed != 0 {
			rules.Seed = r.faultSeed
		}
		rc.Faults = rules
	}
	rc.AllowFaultHeaders = r.allowFaultHeaders
	rc.Metrics = r.metrics
	rc.AdminToken = r.adminToken
	return nil
}
