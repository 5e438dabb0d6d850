package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// workload is what the workers share: the client, the model, and the
// tallies of what they did.
type workload struct {
	client  *client.Client
	configs []*config
	// pause is held for reading by each operation and for writing by
	// whoever needs the emulator quiet: taking it waits for the
	// operations in flight and holds back new ones.
	pause sync.RWMutex

	mu           sync.Mutex
	ops          map[string]int64 // operations done, by name
	acknowledged int64            // writes the emulator acknowledged
	inDoubt      int64            // writes whose outcome was unknown
	problems     []string
}

// targetSize is the number of assignments each configuration drifts to:
// creates and deletes balance around it, so that memory can settle.
const targetSize = 40

// opTimeout bounds one operation, its retries included.
const opTimeout = time.Minute

func (w *workload) problem(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *workload) count(op string, acknowledged, doubt bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ops[op]++
	if acknowledged {
		w.acknowledged++
	}
	if doubt {
		w.inDoubt++
	}
}

// run is one worker: operations until ctx is done.
func (w *workload) run(ctx context.Context, rng *rand.Rand) {
	for ctx.Err() == nil {
		w.pause.RLock()
		if ctx.Err() == nil {
			w.step(ctx, rng)
		}
		w.pause.RUnlock()
	}
}

// step does one operation on a random configuration: creates and deletes
// weighted to keep its size near targetSize, patches, gets, lists and,
// rarely, an assign.
func (w *workload) step(ctx context.Context, rng *rand.Rand) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c := w.configs[rng.IntN(len(w.configs))]
	createWeight := 30
	if c.size() > targetSize {
		createWeight = 10
	}
	switch r := rng.IntN(100); {
	case r < createWeight:
		w.create(ctx, rng, c)
	case r < 45:
		w.delete(ctx, rng, c)
	case r < 60:
		w.patch(ctx, rng, c)
	case r < 75:
		w.get(ctx, rng, c)
	case r < 97:
		w.list(ctx, rng, c)
	default:
		w.assign(ctx, rng, c)
	}
}

// outcome is what a write's error says of it.
type outcome int

const (
	acknowledged outcome = iota
	// refused: an answer that comes before the operation runs (a throttled
	// 429, an injected 504), so nothing changed.
	refused
	// unknown: no answer, a cut one, or an answer the soak did not expect.
	unknown
)

func (w *workload) outcome(op string, err error) outcome {
	if err == nil {
		return acknowledged
	}
	var ce *client.Error
	if errors.As(err, &ce) {
		switch ce.Status {
		case http.StatusTooManyRequests, injectedStatus:
			return refused
		}
		w.problem("%s: unexpected answer: %v", op, err)
	}
	return unknown
}

// write counts a write by its outcome, and calls acked when it was
// acknowledged, doubt when its outcome is unknown.
func (w *workload) write(op string, err error, acked, doubt func()) {
	switch w.outcome(op, err) {
	case acknowledged:
		acked()
		w.count(op, true, false)
	case refused:
		w.count(op, false, false)
	default:
		doubt()
		w.count(op, false, true)
	}
}

func (w *workload) create(ctx context.Context, rng *rand.Rand, c *config) {
	id := graphhttp.NewGUID()
	if !c.claimNew(id) {
		return
	}
	defer c.release(id)
	a := randomAssignment(rng, id)
	sent := time.Now()
	got, err := w.client.CreateAssignment(ctx, c.id, a)
	w.write("create", err, func() {
		if summary(*got) != summary(a) {
			w.problem("create in %s answered %s for %s", c.id, summary(*got), summary(a))
		}
		c.ackCreate(*got, sent, time.Now())
	}, func() { c.inDoubt(id) })
}

func (w *workload) delete(ctx context.Context, rng *rand.Rand, c *config) {
	id, _, ok := c.claimExisting(rng)
	if !ok {
		return
	}
	defer c.release(id)
	w.write("delete", w.client.DeleteAssignment(ctx, c.id, id), func() { c.ackDelete(id) }, func() { c.inDoubt(id) })
}

func (w *workload) patch(ctx context.Context, rng *rand.Rand, c *config) {
	id, before, ok := c.claimExisting(rng)
	if !ok {
		return
	}
	defer c.release(id)
	var update client.AssignmentUpdate
	want := before
	switch rng.IntN(3) {
	case 0:
		t := randomTarget(rng)
		update.Target, want.Target = &t, t
	case 1:
		s := fmt.Sprintf("source-%d", rng.IntN(1000))
		update.SourceId, want.SourceId = &s, &s
	default:
		s := gen.SourcePolicySets
		if before.Source != nil && *before.Source == s {
			s = gen.SourceDirect
		}
		update.Source, want.Source = &s, &s
	}
	got, err := w.client.UpdateAssignment(ctx, c.id, id, update)
	w.write("patch", err, func() {
		if summary(*got) != summary(want) {
			w.problem("patch of %s in %s answered %s, want %s", id, c.id, summary(*got), summary(want))
		}
		c.ackUpdate(*got)
	}, func() { c.inDoubt(id) })
}

func (w *workload) get(ctx context.Context, rng *rand.Rand, c *config) {
	id, k, ok := c.claimExisting(rng)
	if !ok {
		return
	}
	defer c.release(id)
	got, err := w.client.GetAssignment(ctx, c.id, id)
	if w.outcome("get", err) == acknowledged && summary(*got) != summary(k) {
		w.problem("get of %s in %s answered %s, the last acknowledged write left %s", id, c.id, summary(*got), summary(k))
	}
	w.count("get", false, false)
}

// list reads the whole configuration, page by page, with a random page
// size; writes go on meanwhile, so only the answers are checked, not what
// they hold.
func (w *workload) list(ctx context.Context, rng *rand.Rand, c *config) {
	opts := client.ListOptions{Top: 1 + rng.IntN(30), Count: rng.IntN(2) == 0}
	for _, err := range w.client.ListAssignments(ctx, c.id, opts) {
		if err != nil {
			w.outcome("list", err)
			break
		}
	}
	w.count("list", false, false)
}

func (w *workload) assign(ctx context.Context, rng *rand.Rand, c *config) {
	if !c.claimAll() {
		return
	}
	defer c.release("")
	all := make([]client.Assignment, rng.IntN(9))
	for i := range all {
		all[i] = randomAssignment(rng, graphhttp.NewGUID())
	}
	sent := time.Now()
	w.write("assign", w.client.Assign(ctx, c.id, all), func() { c.ackAssign(all, sent, time.Now()) }, func() { c.assignInDoubt(all) })
}

// randomAssignment is a new assignment with that id, one of each kind of
// target, and now and then a source and a sourceId.
func randomAssignment(rng *rand.Rand, id string) client.Assignment {
	a := client.Assignment{Id: &id, Target: randomTarget(rng)}
	if rng.IntN(3) == 0 {
		s := gen.SourcePolicySets
		a.Source = &s
	}
	if rng.IntN(3) == 0 {
		s := fmt.Sprintf("source-%d", rng.IntN(1000))
		a.SourceId = &s
	}
	return a
}

func randomTarget(rng *rand.Rand) client.AssignmentTarget {
	group := fmt.Sprintf("00000000-0000-4000-8000-%012d", rng.IntN(1000))
	switch rng.IntN(5) {
	case 0:
		return client.AllDevicesTarget()
	case 1:
		return client.AllLicensedUsersTarget()
	case 2:
		return client.ExclusionGroupTarget(group)
	case 3:
		return client.ConfigurationManagerCollectionTarget(fmt.Sprintf("MEM%05d", rng.IntN(1000)))
	}
	return client.GroupTarget(group, client.IncludeFilter(group))
}
