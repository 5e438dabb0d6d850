package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// LiveConfig says how to run the server-direction cases against a server
// that is already running: the emulator, another implementation, or
// Microsoft Graph.
type LiveConfig struct {
	// BaseURL is the version root, e.g. https://graph.microsoft.com/beta.
	BaseURL string
	// ConfigID is the deviceEnrollmentConfiguration the cases work on.
	ConfigID string
	// Token is the bearer token of every request that carries one.
	Token string
	// NarrowToken is a token without the permission the operations need,
	// for the 403 cases; "" skips them.
	NarrowToken string
	// MaxBodyBytes is the server's request body limit, for the 413 cases.
	MaxBodyBytes int
	// AllowWrites runs the cases that create, change and delete
	// assignments (only ones the run created).
	AllowWrites bool
	// AllowAssign runs the cases that replace the configuration's whole
	// set of assignments; the set is saved first and restored after each.
	AllowAssign bool
	// HTTPClient sends the requests, through the run's rate limit and
	// retries; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Rate limits the requests per second; 0 does not limit them.
	Rate float64
	// Retries is how many times a 429 or 503 is retried after its
	// Retry-After (the cases never expect either from a live server).
	Retries int
	// MaxRetryWait caps the wait a Retry-After asks for; 0 means a minute.
	MaxRetryWait time.Duration
	// RequestTimeout bounds each request; 0 means a minute.
	RequestTimeout time.Duration
	// Log receives the plan of changes before the first write, and what
	// the clean-up did; nil discards it.
	Log io.Writer
}

// Outcome is how a case ended.
type Outcome string

// The outcomes of a case.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
)

// Result is one case's outcome in a live run.
type Result struct {
	Case      string        `json:"case"`
	Operation string        `json:"operation"`
	Status    string        `json:"status"`
	Access    string        `json:"access"`
	Outcome   Outcome       `json:"outcome"`
	Message   string        `json:"message,omitempty"`
	Duration  time.Duration `json:"-"`
}

// LiveRun runs cases against one live server and undoes what they changed.
type LiveRun struct {
	suite  *Suite
	cfg    LiveConfig
	driver *spectest.Driver // through a pacer
	log    io.Writer

	fresh   bool             // the configuration held no assignment at the start
	saved   []map[string]any // its assignments at the start, when assign cases run
	dirty   bool             // an assign may have changed the set since it was last restored
	pending []string         // assignments created and not yet deleted
}

// NewLiveRun prepares a run against cfg.BaseURL.
func (s *Suite) NewLiveRun(cfg LiveConfig) (*LiveRun, error) {
	if _, err := url.Parse(cfg.BaseURL); err != nil || cfg.BaseURL == "" {
		return nil, fmt.Errorf("base URL %q: %v", cfg.BaseURL, err)
	}
	if cfg.ConfigID == "" {
		return nil, errors.New("no configuration id")
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.MaxRetryWait == 0 {
		cfg.MaxRetryWait = time.Minute
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = time.Minute
	}
	p := &pacer{next: cfg.HTTPClient.Transport, retries: cfg.Retries, maxWait: cfg.MaxRetryWait, timeout: cfg.RequestTimeout}
	if p.next == nil {
		p.next = http.DefaultTransport
	}
	if cfg.Rate > 0 {
		p.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), 1)
	}
	hc := *cfg.HTTPClient
	hc.Transport = p
	l := &LiveRun{suite: s, cfg: cfg, driver: &spectest.Driver{Base: cfg.BaseURL, Client: &hc}, log: cfg.Log}
	if l.log == nil {
		l.log = io.Discard
	}
	return l, nil
}

// newRun is the run of a case, or of the run's own requests, against the
// live server.
func (l *LiveRun) newRun() *serverRun {
	return &serverRun{
		suite: l.suite, d: l.driver, config: l.cfg.ConfigID, token: l.cfg.Token, narrow: l.cfg.NarrowToken,
		maxBody: l.cfg.MaxBodyBytes, writes: l.cfg.AllowWrites, fresh: l.fresh,
	}
}

// SkipReason says why c cannot run in this run, or "".
func (l *LiveRun) SkipReason(c Case) string {
	switch {
	case c.Fault == FaultThrottled:
		return "needs the server to throttle; the tool does not flood a server to cause it"
	case c.Fault == FaultBroken:
		return "needs an unexpected server failure, which no request can cause from outside"
	case c.Fault == FaultUnavailable:
		return "needs the server's storage to be unavailable, which no request can cause from outside"
	case c.Fault == FaultGatewayTimeout:
		return "needs the service to time out, which no request can cause from outside"
	case c.Access == Writes && !l.cfg.AllowWrites:
		return "creates, changes or deletes assignments: needs -allow-writes"
	case c.Access == Assign && !l.cfg.AllowAssign:
		return "replaces the configuration's assignments: needs -allow-assign"
	case c.Status == "403" && l.cfg.NarrowToken == "":
		return "needs a token without the permission: give -narrow-token"
	}
	return ""
}

// Run runs cases in order, calling report after each, then undoes what they
// changed: it deletes every assignment the run created and, after assign
// cases, gives the configuration back the assignments it had. Cancelling
// ctx stops the run between requests (a request in flight completes, so
// that what it created is known); the clean-up runs anyway. The error is
// a failure of the set-up or of the clean-up, not of a case.
func (l *LiveRun) Run(ctx context.Context, cases []Case, report func(Result)) (results []Result, err error) {
	var writes, assigns int
	for _, c := range cases {
		if l.SkipReason(c) != "" {
			continue
		}
		switch c.Access {
		case Writes:
			writes++
		case Assign:
			assigns++
		}
	}
	defer func() {
		if cerr := l.cleanUp(context.WithoutCancel(ctx)); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	if writes+assigns > 0 {
		saved, err := l.listAll(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the configuration's assignments before changing them: %w", err)
		}
		l.fresh = len(saved) == 0
		if assigns > 0 {
			l.saved = saved
		}
		l.plan(writes, assigns, len(saved))
	}
	for _, c := range cases {
		res := Result{Case: c.Name, Operation: c.Op.OperationID, Status: c.Status, Access: c.Access.String()}
		switch reason := l.SkipReason(c); {
		case reason != "":
			res.Outcome, res.Message = Skipped, reason
		case ctx.Err() != nil:
			res.Outcome, res.Message = Skipped, "the run was interrupted"
		default:
			l.runOne(ctx, c, &res)
		}
		results = append(results, res)
		if report != nil {
			report(res)
		}
	}
	return results, nil
}

func (l *LiveRun) runOne(ctx context.Context, c Case, res *Result) {
	start := time.Now()
	r := l.newRun()
	if c.Access == Assign {
		l.dirty = true
	}
	err := l.suite.runCase(ctx, r, c)
	// Undo the case at once, whatever its outcome, so that the next case
	// starts from the configuration as it was.
	undo := context.WithoutCancel(ctx)
	var cleanErrs []error
	for _, id := range r.created {
		if derr := l.delete(undo, id); derr != nil {
			cleanErrs = append(cleanErrs, derr)
			l.pending = append(l.pending, id) // for the clean-up at the end
		}
	}
	if c.Access == Assign {
		if rerr := l.restore(undo); rerr != nil {
			cleanErrs = append(cleanErrs, rerr)
		}
	}
	res.Duration = time.Since(start)
	var skipped *SkipError
	switch {
	case errors.As(err, &skipped):
		res.Outcome, res.Message = Skipped, skipped.Reason
	case err != nil && ctx.Err() != nil:
		res.Outcome, res.Message = Skipped, "the run was interrupted"
	case err != nil:
		res.Outcome, res.Message = Failed, err.Error()
	default:
		res.Outcome, res.Message = Passed, r.note
	}
	if len(cleanErrs) > 0 {
		res.Outcome = Failed
		res.Message = strings.TrimSpace(res.Message + "\nclean-up: " + errors.Join(cleanErrs...).Error())
	}
}

// plan prints what the run will change, before the first write.
func (l *LiveRun) plan(writes, assigns, existing int) {
	fmt.Fprintf(l.log, "This run will change configuration %s at %s:\n", l.cfg.ConfigID, l.cfg.BaseURL)
	if writes > 0 {
		fmt.Fprintf(l.log, "  - %d cases create, update and delete assignments; each touches only assignments it created, and deletes them afterwards.\n", writes)
	}
	if assigns > 0 {
		fmt.Fprintf(l.log, "  - %d cases replace its whole set of assignments (assign); its current %d assignments are saved and restored after each case and at the end.\n", assigns, existing)
	}
}

// cleanUp deletes what is left of the run's assignments and restores the
// saved set if an assign may have changed it.
func (l *LiveRun) cleanUp(ctx context.Context) error {
	var errs []error
	pending := l.pending
	l.pending = nil
	for _, id := range pending {
		if err := l.delete(ctx, id); err != nil {
			errs = append(errs, err)
			l.pending = append(l.pending, id)
		} else {
			fmt.Fprintf(l.log, "clean-up: deleted assignment %s\n", id)
		}
	}
	if l.dirty {
		if err := l.restore(ctx); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintf(l.log, "clean-up: restored the configuration's %d assignments\n", len(l.saved))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("clean-up: %w", err)
	}
	return nil
}

// delete removes an assignment the run created; a 404 means it is gone.
func (l *LiveRun) delete(ctx context.Context, id string) error {
	res, err := l.newRun().callID(ctx, "deleteAssignment", id, nil, nil)
	if err != nil {
		return fmt.Errorf("delete assignment %s: %w", id, err)
	}
	if res.Status != http.StatusNoContent && res.Status != http.StatusNotFound {
		return fmt.Errorf("delete assignment %s: status %d: %s", id, res.Status, res.Body)
	}
	return nil
}

// restore gives the configuration back its saved assignments and checks
// that it holds them.
func (l *LiveRun) restore(ctx context.Context) error {
	items := make([]any, len(l.saved))
	for i, a := range l.saved {
		items[i] = a
	}
	r := l.newRun()
	body := map[string]any{"enrollmentConfigurationAssignments": items}
	res, err := r.callID(ctx, "assign", "", nil, body)
	if err != nil {
		return fmt.Errorf("restore the assignments: %w", err)
	}
	if res.Status != http.StatusOK && res.Status != http.StatusNoContent {
		return fmt.Errorf("restore the assignments: status %d: %s", res.Status, res.Body)
	}
	if err := r.checkState(ctx, body); err != nil {
		return fmt.Errorf("restore the assignments: %w", err)
	}
	l.dirty = false
	return nil
}

// listAll reads every assignment of the configuration, following
// @odata.nextLink.
func (l *LiveRun) listAll(ctx context.Context) ([]map[string]any, error) {
	r := l.newRun()
	var all []map[string]any
	query := url.Values{"$top": {strconv.Itoa(specdoc.MaxTop())}}
	for page := 0; ; page++ {
		res, err := r.callID(ctx, "listAssignments", "", query, nil)
		if err != nil {
			return nil, err
		}
		if res.Status != http.StatusOK {
			return nil, fmt.Errorf("status %d: %s", res.Status, res.Body)
		}
		var body struct {
			Value    []map[string]any `json:"value"`
			NextLink string           `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(res.Body, &body); err != nil {
			return nil, err
		}
		all = append(all, body.Value...)
		if body.NextLink == "" || page > 1000 {
			return all, nil
		}
		next, err := url.Parse(body.NextLink)
		if err != nil {
			return nil, fmt.Errorf("@odata.nextLink %q: %w", body.NextLink, err)
		}
		query = next.Query()
	}
}
