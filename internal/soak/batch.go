package soak

import (
	"context"
	"time"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/server/graphhttp"
)

// maxBatchItems is Graph's limit of requests in one batch.
const maxBatchItems = 20

// batchPlan is a batch being built: its calls, the ids they claimed in
// the configuration, and for each call, in the order queued, what its
// answer teaches the model.
type batchPlan struct {
	w       *worker
	c       *config
	b       *client.Batch
	claimed []string
	learn   []func(sent, acked time.Time)
}

// batch sends one batch of 2 to 10 requests on c, creates, deletes,
// patches and gets of distinct assignments weighted as the steps are,
// and now and then a chain: a create, a patch of it after it (dependsOn)
// and a get or a delete of it after that. Each request's own answer is
// what the model learns, as from the request sent on its own; a batch
// whose answer is lost leaves every write of it in doubt. The client
// retries the requests that Graph asks to retry, as their own calls do.
func (w *worker) batch(ctx context.Context, c *config) {
	p := &batchPlan{w: w, c: c, b: w.client.NewBatch()}
	defer func() {
		for _, id := range p.claimed {
			c.release(id)
		}
	}()
	for range 2 + w.rng.IntN(9) {
		switch r := w.rng.IntN(45 + createWeight(c)); {
		case r < createWeight(c):
			p.create()
		case r < createWeight(c)+15:
			p.delete()
		case r < createWeight(c)+30:
			p.patch()
		default:
			p.get()
		}
	}
	if w.rng.IntN(3) == 0 {
		p.chain()
	}
	if p.b.Len() == 0 {
		return
	}
	if p.b.Len() > maxBatchItems {
		w.problem("the soak built a batch of %d requests, over Graph's %d", p.b.Len(), maxBatchItems)
		return
	}
	sent := time.Now()
	// Send's error is the whole batch's, which its calls' results hold.
	lost := p.b.Send(ctx) != nil
	acked := time.Now()
	for _, learn := range p.learn {
		learn(sent, acked)
	}
	w.count("batch", false, false, false)
	if lost {
		w.mu.Lock()
		w.batchesLost++
		w.mu.Unlock()
	}
}

// queued reports whether a call was queued; a call the client refuses to
// queue is the soak's mistake.
func (p *batchPlan) queued(err error) bool {
	if err != nil {
		p.w.problem("queue a request in a batch: %v", err)
		return false
	}
	return true
}

// create queues a create of a new assignment and returns it, with the
// queued call, or nil when it was not queued.
func (p *batchPlan) create() (client.Assignment, client.Call) {
	id := graphhttp.NewGUID()
	if !p.c.claimNew(id) {
		return client.Assignment{}, nil
	}
	p.claimed = append(p.claimed, id)
	a := randomAssignment(p.w.rng, id)
	q, err := p.b.CreateAssignment(p.c.id, a)
	if !p.queued(err) {
		return client.Assignment{}, nil
	}
	p.learn = append(p.learn, func(sent, acked time.Time) {
		got, err := q.Result()
		p.w.created(p.c, a, true, got, err, sent, acked)
	})
	return a, q
}

// existing claims an acknowledged assignment for one call.
func (p *batchPlan) existing() (client.Assignment, bool) {
	id, a, ok := p.c.claimExisting(p.w.rng)
	if ok {
		p.claimed = append(p.claimed, id)
	}
	return a, ok
}

func (p *batchPlan) delete() {
	if a, ok := p.existing(); ok {
		p.deleteOf(a)
	}
}

func (p *batchPlan) deleteOf(a client.Assignment, after ...client.Call) {
	q, err := p.b.DeleteAssignment(p.c.id, *a.Id, dependsOn(after)...)
	if p.queued(err) {
		p.learn = append(p.learn, func(time.Time, time.Time) {
			_, err := q.Result()
			p.w.deleted(p.c, *a.Id, true, err)
		})
	}
}

func (p *batchPlan) patch() {
	if a, ok := p.existing(); ok {
		p.patchOf(a)
	}
}

// patchOf queues a patch of a and returns what it leaves, with the
// queued call, or nil when it was not queued.
func (p *batchPlan) patchOf(a client.Assignment, after ...client.Call) (client.Assignment, client.Call) {
	update, want := randomUpdate(p.w.rng, a)
	q, err := p.b.UpdateAssignment(p.c.id, *a.Id, update, dependsOn(after)...)
	if !p.queued(err) {
		return client.Assignment{}, nil
	}
	p.learn = append(p.learn, func(time.Time, time.Time) {
		got, err := q.Result()
		p.w.patched(p.c, want, true, got, err)
	})
	return want, q
}

func (p *batchPlan) get() {
	if a, ok := p.existing(); ok {
		p.getOf(a)
	}
}

func (p *batchPlan) getOf(a client.Assignment, after ...client.Call) {
	q, err := p.b.GetAssignment(p.c.id, *a.Id, client.GetOptions{}, dependsOn(after)...)
	if p.queued(err) {
		p.learn = append(p.learn, func(time.Time, time.Time) {
			got, err := q.Result()
			p.w.read(p.c, a, true, got, err)
		})
	}
}

// chain queues a create, a patch of the new assignment that depends on
// it, and a get or a delete of it that depends on the patch: each runs
// only once the one before succeeded, else answers 424.
func (p *batchPlan) chain() {
	a, created := p.create()
	if created == nil {
		return
	}
	patched, updated := p.patchOf(a, created)
	if updated == nil {
		return
	}
	if p.w.rng.IntN(2) == 0 {
		p.getOf(patched, updated)
	} else {
		p.deleteOf(patched, updated)
	}
}

// dependsOn is the option of a call queued after calls, if any.
func dependsOn(after []client.Call) []client.CallOption {
	if len(after) == 0 {
		return nil
	}
	return []client.CallOption{client.After(after...)}
}
