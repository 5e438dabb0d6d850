package store

import (
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Group commit: BoltStore's writes queue for one goroutine, the committer,
// which takes whatever has queued since its last commit and writes it in
// one bbolt transaction, so that concurrent writers share a commit and its
// fsync. A lone writer is committed at once, with no delay waiting for
// company: that is why the store does not use bbolt's DB.Batch, which
// holds every batch for MaxBatchDelay (10 ms by default) and runs a call
// that failed in a batch again on its own, outside the batch's order.
//
// A write changes memory only after its commit succeeded: it is prepared
// under its configuration's lock (checks, sequence number, encoded value),
// queued, and the lock let go while it waits; the committer makes the
// memory change under the lock once the transaction has committed, and
// only then is the writer told. Reads therefore never see a write that is
// not on disk.
//
// Prepared writes are checked against the committed state, which a
// pending write does not show: so a write waits for any pending write of
// the same assignment (and for a pending Replace of its configuration)
// before it is prepared. Writes of different assignments share commits;
// writes of one assignment follow each other in order. A Replace waits
// for nothing: it replaces whatever is committed before it.

// commit is one write waiting for the committer.
type commit struct {
	pending *pendingWrites
	c       *configuration
	// write makes the change in a transaction. It may run twice (see
	// commitBatch), so it changes nothing outside the transaction.
	write func(*bolt.Tx) error
	// apply makes the change in memory, under c's lock, once write is on
	// disk.
	apply func()
	// key is the idKey of the assignment written, "" for a Replace.
	key  string
	err  error
	done chan struct{}
}

// pendingWrites are a configuration's writes queued and not yet
// committed, guarded by the configuration's lock.
type pendingWrites struct {
	byID    map[string]*commit
	replace *commit
	// next is the sequence number the next create takes: creates are
	// numbered when queued, in the order they take the lock, so that
	// creation order is the order of the lock. A create whose commit
	// fails leaves its number unused.
	next uint64
}

func newPendingWrites(next uint64) *pendingWrites {
	return &pendingWrites{byID: map[string]*commit{}, next: next}
}

// blocker is the pending write that a write of the assignment with that
// idKey must wait for, or nil.
func (p *pendingWrites) blocker(key string) *commit {
	if p.replace != nil {
		return p.replace
	}
	return p.byID[key]
}

// hold records w as pending.
func (p *pendingWrites) hold(w *commit) {
	if w.key == "" {
		p.replace = w
		return
	}
	p.byID[w.key] = w
}

// settle removes w from the pending writes once it is done.
func (p *pendingWrites) settle(w *commit) {
	if w.key == "" {
		if p.replace == w {
			p.replace = nil
		}
		return
	}
	if p.byID[w.key] == w {
		delete(p.byID, w.key)
	}
}

// committer writes the queued commits, each batch in one transaction.
type committer struct {
	db   *bolt.DB
	path string

	mu     sync.Mutex
	queue  []*commit
	closed bool
	// wake has room for one signal: a write queued while the committer
	// is busy is taken with the next batch.
	wake    chan struct{}
	stopped chan struct{}
}

func newCommitter(db *bolt.DB, path string) *committer {
	q := &committer{db: db, path: path, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	go q.run()
	return q
}

// queueWrite queues w, or answers why it cannot; it never blocks, so it
// is called under w's configuration's lock, which makes the queue's order
// each configuration's order.
func (q *committer) queueWrite(w *commit) error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return fmt.Errorf("write to the data file %s: %w", q.path, berrors.ErrDatabaseNotOpen)
	}
	q.queue = append(q.queue, w)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return nil
}

// close commits what is queued, then stops the committer.
func (q *committer) close() {
	q.mu.Lock()
	already := q.closed
	q.closed = true
	q.mu.Unlock()
	if !already {
		close(q.wake)
	}
	<-q.stopped
}

func (q *committer) run() {
	defer close(q.stopped)
	var batch []*commit
	for range q.wake {
		for {
			q.mu.Lock()
			batch, q.queue = q.queue, batch[:0]
			q.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			q.commitBatch(batch)
			clear(batch)
		}
	}
}

// commitBatch writes the batch in one transaction. When that fails, each
// write is committed on its own, in order, so that one write's failure
// (its own error, or a file that has room for some of them only) does not
// refuse the others. Then it applies the committed writes to memory and
// tells their writers.
func (q *committer) commitBatch(batch []*commit) {
	err := q.update(func(tx *bolt.Tx) error {
		for _, w := range batch {
			if err := w.write(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, w := range batch {
			w.err = q.update(w.write)
		}
	} else {
		for _, w := range batch {
			w.err = err
		}
	}
	// One lock for each run of writes to the same configuration.
	var locked *configuration
	for _, w := range batch {
		if w.c != locked {
			if locked != nil {
				locked.mu.Unlock()
			}
			locked = w.c
			locked.mu.Lock()
		}
		if w.err == nil {
			w.apply()
		}
		w.pending.settle(w)
	}
	if locked != nil {
		locked.mu.Unlock()
	}
	for _, w := range batch {
		close(w.done)
	}
}

// update runs f in a read-write transaction and commits it; bbolt fsyncs
// the file before Update returns. A disk that refuses the write answers
// ErrUnavailable.
func (q *committer) update(f func(*bolt.Tx) error) error {
	if err := q.db.Update(f); err != nil {
		if isDiskUnavailable(err) {
			return fmt.Errorf("%w: write to the data file %s: %w", ErrUnavailable, q.path, err)
		}
		return fmt.Errorf("write to the data file %s: %w", q.path, err)
	}
	return nil
}
