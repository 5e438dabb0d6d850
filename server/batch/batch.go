package batch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// OperationID is the spec's operationId of POST /$batch.
const OperationID = "batch"

// Batcher serves the batches of one emulator.
type Batcher struct {
	handler  http.Handler
	basePath string
	versions []string
	now      func() time.Time
}

// New returns the Batcher that serves each request of a batch with
// handler, the emulator's echo instance, whose API is under basePath. now
// dates the answers of requests that are not run.
func New(handler http.Handler, basePath string, now func() time.Time) *Batcher {
	b := &Batcher{handler: handler, basePath: strings.TrimSuffix(basePath, "/"), versions: []string{"v1.0", "beta"}, now: now}
	if first, _, _ := strings.Cut(strings.TrimPrefix(basePath, "/"), "/"); first != "" {
		b.versions = append(b.versions, first)
	}
	return b
}

// requestKey keys the batch's own request in the context of its handler.
type requestKey struct{}

// KeepRequest is the middleware of the batch's route: it keeps the batch's
// own request, whose token, host and correlation ids its requests take, in
// the context that the generated strict handler passes on to Serve.
func KeepRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		c.SetRequest(req.WithContext(context.WithValue(req.Context(), requestKey{}, req)))
		return next(c)
	}
}

// errNoRequest is the failure of a Serve whose context KeepRequest did not
// prepare: a wiring mistake, answered 500.
var errNoRequest = errors.New("batch: the batch's request is not in the context (KeepRequest is not on the route)")

// Serve answers the batch content, sent as the request that KeepRequest put
// in ctx: a 400 when the batch breaks Graph's rules, in which case none of
// its requests runs; else the answer of each request.
func (b *Batcher) Serve(ctx context.Context, content gen.BatchRequestContent) (gen.BatchResponseContent, error) {
	outer, ok := ctx.Value(requestKey{}).(*http.Request)
	if !ok {
		return gen.BatchResponseContent{}, errNoRequest
	}
	steps, ae := b.plan(content.Requests)
	if ae != nil {
		return gen.BatchResponseContent{}, ae
	}
	s := &session{b: b, outer: outer, ctx: ctx}
	return gen.BatchResponseContent{Responses: s.run(steps)}, nil
}

// step is one request of a batch and, once it ran, its answer.
type step struct {
	req  gen.BatchRequestItem
	deps []*step
	// done is closed once answer is set.
	done   chan struct{}
	answer gen.BatchResponseItem
}

// failed reports whether the step's answer is not a success, which fails
// the steps that depend on it.
func (s *step) failed() bool { return s.answer.Status < 200 || s.answer.Status > 299 }

// plan checks the batch against Graph's rules and links each request to
// those it depends on. The schema has checked the rest: at most 20
// requests, each with an id, a method and a url.
func (b *Batcher) plan(reqs []gen.BatchRequestItem) ([]*step, *graphhttp.Error) {
	steps := make([]*step, len(reqs))
	byID := make(map[string]*step, len(reqs))
	for i, r := range reqs {
		key := strings.ToLower(r.Id)
		if byID[key] != nil {
			return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf("Request Id %s has to be unique in a batch.", r.Id))
		}
		steps[i] = &step{req: r, done: make(chan struct{})}
		byID[key] = steps[i]
	}
	// Only requests before a request are in seen when it is checked, so that
	// a dependency on a later request, or on itself, is refused.
	seen := make(map[string]*step, len(reqs))
	for _, s := range steps {
		if s.req.DependsOn != nil {
			for _, dep := range *s.req.DependsOn {
				d := seen[strings.ToLower(dep)]
				if d == nil {
					return nil, graphhttp.New(http.StatusBadRequest, fmt.Sprintf(
						"Invalid dependency for request Id %s. It depends on %s, which is not a request before it in the batch.", s.req.Id, dep))
				}
				s.deps = append(s.deps, d)
			}
		}
		if b.keepsVersion(s.req.Url) {
			// Graph's answer to a URL written with the version, as the
			// JavaScript client 3.0.7 writes them.
			return nil, graphhttp.New(http.StatusBadRequest, "Invalid batch payload format.")
		}
		seen[strings.ToLower(s.req.Id)] = s
	}
	return steps, nil
}

// keepsVersion reports whether a request's URL starts with a version
// segment, /beta/... or /v1.0/..., rather than being relative to it.
func (b *Batcher) keepsVersion(raw string) bool {
	if isAbsolute(raw) {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(raw, "/"), "/")
	first, _, _ = strings.Cut(first, "?")
	for _, v := range b.versions {
		if strings.EqualFold(first, v) {
			return true
		}
	}
	return false
}

// session is the run of one batch.
type session struct {
	b     *Batcher
	outer *http.Request
	ctx   context.Context
	// dropped is set when a request's fault drops its connection: the
	// batch's, which carries it.
	dropped atomic.Bool
}

// run runs every step, each once those it depends on are done, and
// returns the answers in the order they were made. A fault that drops the
// connection of a request drops the batch's (the handler aborts); a panic
// of a request is the batch's.
func (s *session) run(steps []*step) []gen.BatchResponseItem {
	var (
		mu      sync.Mutex
		answers = make([]gen.BatchResponseItem, 0, len(steps))
		wg      sync.WaitGroup
		panics  = make(chan any, len(steps))
	)
	for _, st := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(st.done)
			defer func() {
				if r := recover(); r != nil {
					st.answer.Status = http.StatusInternalServerError
					if r == http.ErrAbortHandler {
						s.dropped.Store(true)
						return
					}
					panics <- fmt.Errorf("batch request %s: %v\n%s", st.req.Id, r, debug.Stack())
				}
			}()
			st.answer = s.answer(st)
			mu.Lock()
			answers = append(answers, st.answer)
			mu.Unlock()
		}()
	}
	wg.Wait()
	select {
	case p := <-panics:
		panic(p)
	default:
	}
	if s.dropped.Load() {
		// net/http closes the connection of a handler that aborts.
		panic(http.ErrAbortHandler)
	}
	return answers
}

// answer waits for the steps st depends on, then serves st, unless one of
// them failed.
func (s *session) answer(st *step) gen.BatchResponseItem {
	for _, dep := range st.deps {
		<-dep.done
		if dep.failed() {
			return s.refusal(st.req.Id, graphhttp.New(http.StatusFailedDependency, fmt.Sprintf(
				"Request %s was not run: it depends on request %s, which failed with status %d.", st.req.Id, dep.req.Id, dep.answer.Status)))
		}
	}
	return s.serve(st.req)
}
