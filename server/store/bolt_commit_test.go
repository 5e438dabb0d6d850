package store

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// testCommits opens a store whose committer the test drives directly;
// block holds the committer in a transaction until the returned function
// is called, so that what is queued meanwhile makes one batch.
func testCommits(t *testing.T) (s *BoltStore, block func() (release func())) {
	t.Helper()
	s, err := OpenBoltStore(filepath.Join(t.TempDir(), "data.db"), []string{"c"}, BoltOptions{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	block = func() func() {
		started, release := make(chan struct{}), make(chan struct{})
		w := s.testCommit("blocker", func(*bolt.Tx) error {
			close(started)
			<-release
			return nil
		}, func() {})
		mustQueue(t, s, w)
		<-started
		return func() { close(release); <-w.done }
	}
	return s, block
}

// testCommit is a commit on configuration c, outside its pending writes.
func (s *BoltStore) testCommit(key string, write func(*bolt.Tx) error, apply func()) *commit {
	c := s.mem.configs["c"]
	return &commit{pending: newPendingWrites(0), c: c, key: key, write: write, apply: apply, done: make(chan struct{})}
}

// mustQueue queues w for the committer.
func mustQueue(t *testing.T, s *BoltStore, w *commit) *commit {
	t.Helper()
	if err := s.commits.queueWrite(w); err != nil {
		t.Fatal(err)
	}
	return w
}

// putTest writes key into a bucket of the test's own.
func putTest(tx *bolt.Tx, key string) error {
	b, err := tx.CreateBucketIfNotExists([]byte("test"))
	if err != nil {
		return err
	}
	return b.Put([]byte(key), []byte("v"))
}

// onDisk says whether putTest's key is committed.
func onDisk(t *testing.T, s *BoltStore, key string) bool {
	t.Helper()
	found := false
	if err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte("test")); b != nil {
			found = b.Get([]byte(key)) != nil
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return found
}

// TestCommitterSharesTransactions: the writes queued while a commit runs
// are committed together in the next transaction, in the order queued,
// and each is applied to memory only once it is on disk.
func TestCommitterSharesTransactions(t *testing.T) {
	s, block := testCommits(t)
	release := block()
	const n = 20
	txIDs := make([]int, n)
	var applied []string
	var ws []*commit
	for i := range n {
		key := fmt.Sprint("k", i)
		w := s.testCommit(key, func(tx *bolt.Tx) error {
			txIDs[i] = tx.ID()
			return putTest(tx, key)
		}, func() {
			if !onDisk(t, s, key) {
				t.Errorf("%s was applied before it was committed", key)
			}
			applied = append(applied, key)
		})
		ws = append(ws, mustQueue(t, s, w))
	}
	release()
	for _, w := range ws {
		<-w.done
		if w.err != nil {
			t.Errorf("%s: %v", w.key, w.err)
		}
	}
	for i, id := range txIDs {
		if id != txIDs[0] {
			t.Errorf("write %d was committed in transaction %d, write 0 in %d: the batch was split", i, id, txIDs[0])
		}
	}
	for i, key := range applied {
		if want := fmt.Sprint("k", i); key != want {
			t.Fatalf("applied in the order %v", applied)
		}
	}
}

// TestCommitterIsolatesAFailedWrite: a write that fails in a batch is
// refused alone and changes nothing; the writes around it are committed
// and applied.
func TestCommitterIsolatesAFailedWrite(t *testing.T) {
	s, block := testCommits(t)
	release := block()
	refused := errors.New("refused")
	applied := map[string]bool{}
	var ws []*commit
	for _, key := range []string{"before", "bad", "after"} {
		w := s.testCommit(key, func(tx *bolt.Tx) error {
			if err := putTest(tx, key); err != nil {
				return err
			}
			if key == "bad" {
				return refused
			}
			return nil
		}, func() { applied[key] = true })
		ws = append(ws, mustQueue(t, s, w))
	}
	release()
	for _, w := range ws {
		<-w.done
		ok := w.key != "bad"
		if got := w.err == nil; got != ok || (!ok && !errors.Is(w.err, refused)) {
			t.Errorf("%s: err = %v", w.key, w.err)
		}
		if applied[w.key] != ok || onDisk(t, s, w.key) != ok {
			t.Errorf("%s: applied %v, on disk %v, want both %v", w.key, applied[w.key], onDisk(t, s, w.key), ok)
		}
	}
}

// TestCommitterAfterClose: Close commits what is queued; a write after it
// is refused rather than left waiting.
func TestCommitterAfterClose(t *testing.T) {
	s, block := testCommits(t)
	release := block()
	w := mustQueue(t, s, s.testCommit("queued", func(tx *bolt.Tx) error { return putTest(tx, "queued") }, func() {}))
	closed := make(chan error)
	go func() { closed <- s.Close() }()
	release()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	<-w.done
	if w.err != nil {
		t.Errorf("the write queued before Close: %v", w.err)
	}
	late := s.testCommit("late", func(tx *bolt.Tx) error { return putTest(tx, "late") }, func() {})
	if err := s.commits.queueWrite(late); !errors.Is(err, berrors.ErrDatabaseNotOpen) {
		t.Errorf("a write after Close: %v", err)
	}
}
