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

// workload is what the workers share: the client of the checks, the
// model, and the tallies of what they did.
type workload struct {
	client  *client.Client // plain HTTP
	configs []*config
	// pause is held for reading by each operation and for writing by
	// whoever needs the emulator quiet: taking it waits for the
	// operations in flight and holds back new ones.
	pause sync.RWMutex

	mu           sync.Mutex
	ops          map[string]int64 // operations done, by name; a batch is one
	items        map[string]int64 // the operations of the batches' requests, by name
	batchesLost  int64            // batches whose whole answer was lost
	acknowledged int64            // writes the emulator acknowledged, in batches too
	ackedBatched int64            // of them, requests of batches
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

// worker is one of the concurrent clients: the workload, its own client
// (HTTP or HTTPS) and its own random draws.
type worker struct {
	*workload
	client *client.Client
	rng    *rand.Rand
}

// count counts an operation, on its own or, batched, as a request of a
// batch.
func (w *workload) count(op string, batched, acknowledged, doubt bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if batched {
		w.items[op]++
	} else {
		w.ops[op]++
	}
	if acknowledged {
		w.acknowledged++
		if batched {
			w.ackedBatched++
		}
	}
	if doubt {
		w.inDoubt++
	}
}

// run is one worker: operations until ctx is done.
func (w *worker) run(ctx context.Context) {
	for ctx.Err() == nil {
		w.pause.RLock()
		if ctx.Err() == nil {
			w.step(ctx)
		}
		w.pause.RUnlock()
	}
}

// step does one operation on a random configuration: creates and deletes
// weighted to keep its size near targetSize, patches, gets, lists, now
// and then a batch of such requests and, rarely, an assign.
func (w *worker) step(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c := w.configs[w.rng.IntN(len(w.configs))]
	switch r := w.rng.IntN(100); {
	case r < createWeight(c):
		w.create(ctx, c)
	case r < 45:
		w.delete(ctx, c)
	case r < 58:
		w.patch(ctx, c)
	case r < 70:
		w.get(ctx, c)
	case r < 89:
		w.list(ctx, c)
	case r < 97:
		w.batch(ctx, c)
	default:
		w.assign(ctx, c)
	}
}

// createWeight is the percentage of creates among the steps on c; with
// the deletes' 15 %, they keep its size near targetSize.
func createWeight(c *config) int {
	if c.size() > targetSize {
		return 10
	}
	return 30
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
	if errors.Is(err, client.ErrDependencyFailed) {
		return refused // a request of a batch that did not run
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

// write counts a write, on its own or batched, by its outcome, and calls
// acked when it was acknowledged, doubt when its outcome is unknown.
func (w *workload) write(op string, batched bool, err error, acked, doubt func()) {
	switch w.outcome(opName(op, batched), err) {
	case acknowledged:
		acked()
		w.count(op, batched, true, false)
	case refused:
		w.count(op, batched, false, false)
	default:
		doubt()
		w.count(op, batched, false, true)
	}
}

// opName names an operation in a problem.
func opName(op string, batched bool) string {
	if batched {
		return op + " in a batch"
	}
	return op
}

func (w *worker) create(ctx context.Context, c *config) {
	id := graphhttp.NewGUID()
	if !c.claimNew(id) {
		return
	}
	defer c.release(id)
	a := randomAssignment(w.rng, id)
	sent := time.Now()
	got, err := w.client.CreateAssignment(ctx, c.id, a)
	w.created(c, a, false, got, err, sent, time.Now())
}

// created learns what a create of a in c, sent at sent, did: acknowledged
// by acked, it left a as the answer says.
func (w *workload) created(c *config, a client.Assignment, batched bool, got *client.Assignment, err error, sent, acked time.Time) {
	w.write("create", batched, err, func() {
		if summary(*got) != summary(a) {
			w.problem("%s in %s answered %s for %s", opName("create", batched), c.id, summary(*got), summary(a))
		}
		c.ackCreate(*got, sent, acked)
	}, func() { c.inDoubt(*a.Id) })
}

func (w *worker) delete(ctx context.Context, c *config) {
	id, _, ok := c.claimExisting(w.rng)
	if !ok {
		return
	}
	defer c.release(id)
	w.deleted(c, id, false, w.client.DeleteAssignment(ctx, c.id, id))
}

func (w *workload) deleted(c *config, id string, batched bool, err error) {
	w.write("delete", batched, err, func() { c.ackDelete(id) }, func() { c.inDoubt(id) })
}

func (w *worker) patch(ctx context.Context, c *config) {
	id, before, ok := c.claimExisting(w.rng)
	if !ok {
		return
	}
	defer c.release(id)
	update, want := randomUpdate(w.rng, before)
	got, err := w.client.UpdateAssignment(ctx, c.id, id, update)
	w.patched(c, want, false, got, err)
}

// randomUpdate is a patch of one property of before, and what it leaves.
func randomUpdate(rng *rand.Rand, before client.Assignment) (update client.AssignmentUpdate, want client.Assignment) {
	want = before
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
	return update, want
}

// patched learns what a patch that should leave want did.
func (w *workload) patched(c *config, want client.Assignment, batched bool, got *client.Assignment, err error) {
	id := *want.Id
	w.write("patch", batched, err, func() {
		if summary(*got) != summary(want) {
			w.problem("%s of %s in %s answered %s, want %s", opName("patch", batched), id, c.id, summary(*got), summary(want))
		}
		c.ackUpdate(*got)
	}, func() { c.inDoubt(id) })
}

func (w *worker) get(ctx context.Context, c *config) {
	id, k, ok := c.claimExisting(w.rng)
	if !ok {
		return
	}
	defer c.release(id)
	got, err := w.client.GetAssignment(ctx, c.id, id)
	w.read(c, k, false, got, err)
}

// read checks what a get of an assignment whose last acknowledged write
// left want answered.
func (w *workload) read(c *config, want client.Assignment, batched bool, got *client.Assignment, err error) {
	op := opName("get", batched)
	if w.outcome(op, err) == acknowledged && summary(*got) != summary(want) {
		w.problem("%s of %s in %s answered %s, the last acknowledged write left %s", op, *want.Id, c.id, summary(*got), summary(want))
	}
	w.count("get", batched, false, false)
}

// list reads the whole configuration, page by page, with a random page
// size; writes go on meanwhile, so only the answers are checked, not what
// they hold.
func (w *worker) list(ctx context.Context, c *config) {
	opts := client.ListOptions{Top: 1 + w.rng.IntN(30), Count: w.rng.IntN(2) == 0}
	for _, err := range w.client.ListAssignments(ctx, c.id, opts) {
		if err != nil {
			w.outcome("list", err)
			break
		}
	}
	w.count("list", false, false, false)
}

func (w *worker) assign(ctx context.Context, c *config) {
	if !c.claimAll() {
		return
	}
	defer c.release("")
	all := make([]client.Assignment, w.rng.IntN(9))
	for i := range all {
		all[i] = randomAssignment(w.rng, graphhttp.NewGUID())
	}
	sent := time.Now()
	w.write("assign", false, w.client.Assign(ctx, c.id, all), func() { c.ackAssign(all, sent, time.Now()) }, func() { c.assignInDoubt(all) })
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
