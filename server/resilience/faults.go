package resilience

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// FaultRules is a fault injection file: the rules, tried in order for each
// request (the first that matches acts), and the seed of the random draws
// (probability and latency distributions), which makes a run
// deterministic. YAML or JSON (JSON is YAML).
//
//	seed: 42
//	rules:
//	  - name: flaky creates
//	    match: {operation: createAssignment, every: 3}
//	    action: {status: 503, retryAfter: 1.5}
type FaultRules struct {
	Seed  uint64      `yaml:"seed" json:"seed"`
	Rules []FaultRule `yaml:"rules" json:"rules"`
}

// FaultRule is one rule: when it matches and what it does.
type FaultRule struct {
	Name   string      `yaml:"name" json:"name"`
	Match  FaultMatch  `yaml:"match" json:"match"`
	Action FaultAction `yaml:"action" json:"action"`
}

// FaultMatch says which requests a rule takes. Every field that is set must
// hold; an empty match takes every request.
type FaultMatch struct {
	// Operation is an operationId of the spec.
	Operation string `yaml:"operation" json:"operation"`
	// Method is an HTTP method, any case.
	Method string `yaml:"method" json:"method"`
	// Path is a pattern of path.Match on the request path (base path
	// included): "*" matches one segment.
	Path string `yaml:"path" json:"path"`
	// Every takes only every n-th request that the other fields match.
	Every int `yaml:"every" json:"every"`
	// Probability takes a request with this chance, 0 to 1; 0 means always.
	Probability float64 `yaml:"probability" json:"probability"`
}

// FaultAction is what a rule does: exactly one of Status, Latency, Reset
// and Truncate.
type FaultAction struct {
	// Status answers 429, 500, 503 or 504 in Graph's error shape.
	Status int `yaml:"status" json:"status"`
	// RetryAfter, in seconds (fractions allowed), is sent with Status;
	// absent, no Retry-After is sent.
	RetryAfter *float64 `yaml:"retryAfter" json:"retryAfter"`
	// Latency delays the request, which is then served as usual.
	Latency *FaultLatency `yaml:"latency" json:"latency"`
	// Reset drops the connection (TCP RST) without an answer.
	Reset bool `yaml:"reset" json:"reset"`
	// Truncate sends the real answer's headers and half its body, then
	// closes the connection.
	Truncate bool `yaml:"truncate" json:"truncate"`
}

// FaultLatency is a fixed delay, or one drawn from a distribution:
// uniform (Min to Max), normal (Mean, StdDev; never below 0) or
// exponential (Mean).
type FaultLatency struct {
	Fixed        Duration `yaml:"fixed" json:"fixed"`
	Distribution string   `yaml:"distribution" json:"distribution"`
	Min          Duration `yaml:"min" json:"min"`
	Max          Duration `yaml:"max" json:"max"`
	Mean         Duration `yaml:"mean" json:"mean"`
	StdDev       Duration `yaml:"stddev" json:"stddev"`
}

// Duration is a time.Duration written as Go writes it ("250ms", "1.5s").
type Duration time.Duration

// UnmarshalYAML reads a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// The statuses a rule may answer: each is documented for every operation.
var faultStatuses = []int{http.StatusTooManyRequests, http.StatusInternalServerError,
	http.StatusServiceUnavailable, http.StatusGatewayTimeout}

// LoadFaultRules reads and checks a rules file. Operation names are checked
// when the server is built (New).
func LoadFaultRules(file string) (*FaultRules, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("fault rules: %w", err)
	}
	rules, err := ParseFaultRules(data)
	if err != nil {
		return nil, fmt.Errorf("fault rules %s: %w", file, err)
	}
	return rules, nil
}

// ParseFaultRules reads rules from YAML or JSON and checks them.
func ParseFaultRules(data []byte) (*FaultRules, error) {
	var r FaultRules
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	for i, rule := range r.Rules {
		if err := rule.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", ruleLabel(i, rule), err)
		}
	}
	return &r, nil
}

func (r FaultRule) check() error {
	m, a := r.Match, r.Action
	if m.Every < 0 {
		return fmt.Errorf("every %d: must be positive", m.Every)
	}
	if !(m.Probability >= 0 && m.Probability <= 1) {
		return fmt.Errorf("probability %v: must be 0 to 1", m.Probability)
	}
	if m.Path != "" {
		if _, err := path.Match(m.Path, "/"); err != nil {
			return fmt.Errorf("path %q: %w", m.Path, err)
		}
	}
	kinds := 0
	if a.Status != 0 {
		kinds++
		if !slices.Contains(faultStatuses, a.Status) {
			return fmt.Errorf("status %d: must be 429, 500, 503 or 504", a.Status)
		}
	}
	if a.RetryAfter != nil && (a.Status == 0 || !(*a.RetryAfter >= 0) || math.IsInf(*a.RetryAfter, 0)) {
		return errors.New("retryAfter needs a status and must be a number of seconds, 0 or more")
	}
	if a.Latency != nil {
		kinds++
		if err := a.Latency.check(); err != nil {
			return err
		}
	}
	if a.Reset {
		kinds++
	}
	if a.Truncate {
		kinds++
	}
	if kinds != 1 {
		return errors.New("action must be exactly one of status, latency, reset and truncate")
	}
	return nil
}

func (l *FaultLatency) check() error {
	switch l.Distribution {
	case "":
		if l.Fixed <= 0 {
			return errors.New("latency: give fixed, or a distribution")
		}
	case "uniform":
		if l.Min < 0 || l.Max < l.Min {
			return errors.New("latency: uniform needs 0 <= min <= max")
		}
	case "normal":
		if l.Mean < 0 || l.StdDev < 0 {
			return errors.New("latency: normal needs mean and stddev, 0 or more")
		}
	case "exponential":
		if l.Mean <= 0 {
			return errors.New("latency: exponential needs a positive mean")
		}
	default:
		return fmt.Errorf("latency: distribution %q: want uniform, normal or exponential", l.Distribution)
	}
	return nil
}

// draw is one delay of the latency.
func (l *FaultLatency) draw(rng *rand.Rand) time.Duration {
	switch l.Distribution {
	case "uniform":
		return time.Duration(l.Min) + time.Duration(rng.Float64()*float64(l.Max-l.Min))
	case "normal":
		return max(0, time.Duration(float64(l.Mean)+rng.NormFloat64()*float64(l.StdDev)))
	case "exponential":
		return time.Duration(rng.ExpFloat64() * float64(l.Mean))
	}
	return time.Duration(l.Fixed)
}

// injector applies the rules. Its counters and random source are shared
// by all requests, under mu, so that a run with a seed is deterministic
// for requests that arrive in the same order.
type injector struct {
	rules  []FaultRule
	mu     sync.Mutex
	counts []int
	rng    *rand.Rand
}

func newInjector(r *FaultRules, operations func(string) bool) (*injector, error) {
	for i, rule := range r.Rules {
		if op := rule.Match.Operation; op != "" && !operations(op) {
			return nil, fmt.Errorf("fault %s: unknown operation %q", ruleLabel(i, rule), op)
		}
	}
	seed := r.Seed
	return &injector{
		rules:  r.Rules,
		counts: make([]int, len(r.Rules)),
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}, nil
}

// fault is what happens to one request.
type fault struct {
	kind       string // status, latency, reset or truncate
	status     int
	retryAfter string // "" for none
	latency    time.Duration
}

// pick returns the fault of the first rule that takes the request, or nil.
func (in *injector) pick(operation, method, urlPath string) *fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, r := range in.rules {
		m := r.Match
		if m.Operation != "" && m.Operation != operation {
			continue
		}
		if m.Method != "" && !strings.EqualFold(m.Method, method) {
			continue
		}
		if m.Path != "" {
			if ok, _ := path.Match(m.Path, urlPath); !ok {
				continue
			}
		}
		if m.Every > 0 {
			in.counts[i]++
			if in.counts[i]%m.Every != 0 {
				continue
			}
		}
		if m.Probability > 0 && in.rng.Float64() >= m.Probability {
			continue
		}
		return r.Action.fault(in.rng)
	}
	return nil
}

func (a FaultAction) fault(rng *rand.Rand) *fault {
	switch {
	case a.Status != 0:
		f := &fault{kind: "status", status: a.Status}
		if a.RetryAfter != nil {
			f.retryAfter = formatRetryAfter(*a.RetryAfter)
		}
		return f
	case a.Latency != nil:
		return &fault{kind: "latency", latency: a.Latency.draw(rng)}
	case a.Reset:
		return &fault{kind: "reset"}
	}
	return &fault{kind: "truncate"}
}

// formatRetryAfter writes seconds as Retry-After carries them: whole
// seconds as an integer, fractions to the millisecond.
func formatRetryAfter(seconds float64) string {
	return formatSeconds(time.Duration(seconds * float64(time.Second)))
}

// HeaderFault is the request header of one fault, honoured only when the
// emulator allows fault headers:
//
//	x-emulator-fault: 503; retry-after=2
//	x-emulator-fault: 429                (no Retry-After)
//	x-emulator-fault: latency=250ms
//	x-emulator-fault: reset
//	x-emulator-fault: truncate
const HeaderFault = "X-Emulator-Fault"

// parseFaultHeader reads HeaderFault's value.
func parseFaultHeader(v string) (*fault, error) {
	parts := strings.Split(v, ";")
	head := strings.ToLower(strings.TrimSpace(parts[0]))
	var f *fault
	switch {
	case head == "reset", head == "truncate":
		f = &fault{kind: head}
	case strings.HasPrefix(head, "latency="):
		d, err := time.ParseDuration(strings.TrimPrefix(head, "latency="))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("latency %q: want a duration such as 250ms", strings.TrimPrefix(head, "latency="))
		}
		f = &fault{kind: "latency", latency: d}
	default:
		var status int
		if _, err := fmt.Sscanf(head, "%d", &status); err != nil || !slices.Contains(faultStatuses, status) || fmt.Sprint(status) != head {
			return nil, fmt.Errorf("%q: want 429, 500, 503, 504, latency=DURATION, reset or truncate", head)
		}
		f = &fault{kind: "status", status: status}
	}
	for _, p := range parts[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "retry-after") || f.kind != "status" {
			return nil, fmt.Errorf("parameter %q: only retry-after, after a status", strings.TrimSpace(p))
		}
		var secs float64
		if _, err := fmt.Sscanf(strings.TrimSpace(value), "%g", &secs); err != nil || !(secs >= 0) || math.IsInf(secs, 0) {
			return nil, fmt.Errorf("retry-after %q: want seconds, 0 or more", value)
		}
		f.retryAfter = formatRetryAfter(secs)
	}
	return f, nil
}

// ruleLabel names rule i for an error message: its number, and its name
// when it has one.
func ruleLabel(i int, rule FaultRule) string {
	if rule.Name == "" {
		return fmt.Sprintf("rule %d", i+1)
	}
	return fmt.Sprintf("rule %d (%s)", i+1, rule.Name)
}
