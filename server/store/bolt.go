package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// BoltFormatVersion is the version of the layout and encoding BoltStore
// writes, stored in the file's meta bucket. A file of another version is
// refused at open (ErrDataFormat) rather than read wrongly.
const BoltFormatVersion = 1

// DefaultBoltOpenTimeout is how long OpenBoltStore waits for the file's
// lock when another process holds it.
const DefaultBoltOpenTimeout = 2 * time.Second

// The start-up failures of OpenBoltStore. Each is wrapped in an error
// whose message names the file and says what to do.
var (
	// ErrDataLocked means another process has the data file open.
	ErrDataLocked = errors.New("data file is locked by another process")
	// ErrDataCorrupt means the file is not a readable emulator data file.
	ErrDataCorrupt = errors.New("data file is corrupt or not an emulator data file")
	// ErrDataFormat means the file was written in another format version.
	ErrDataFormat = errors.New("data file has an incompatible format version")
)

// BoltOptions tune OpenBoltStore; the zero value is the default.
type BoltOptions struct {
	// Timeout bounds the wait for the file's lock; 0 means
	// DefaultBoltOpenTimeout.
	Timeout time.Duration
	// ReadOnly opens the file for reading only: reads work and writes
	// answer ErrUnavailable. OpenBoltStore also falls back to it by
	// itself when the file cannot be opened for writing.
	ReadOnly bool
	// MaxBytes, when positive, caps the file's size: writes that would
	// grow it further answer ErrUnavailable, as on a full disk.
	MaxBytes int
	// Logger notes what the open did; nil means slog.Default().
	Logger *slog.Logger
}

// BoltStore is the durable Store: a single file kept by go.etcd.io/bbolt.
//
// Layout (format version 1):
//
//	meta                 "format" -> the version, decimal ASCII
//	configurations
//	  <configuration id>   "next" -> the next sequence number, 8 bytes big-endian
//	    order              sequence number (8 bytes big-endian) -> assignment
//	    ids                assignment id -> its sequence number
//
// Each assignment gets its configuration's next sequence number when it
// is created, so order's key order is creation order. A value is the
// assignment's compact JSON, exactly as the API writes it (see
// View): readable with any bbolt tool, and it decodes with the
// generated type, so a format change is only needed for a new layout.
//
// Every write is committed in a bbolt read-write transaction (and so
// fsynced: NoSync stays false) before the method returns, and so before
// the API answers 2xx. Concurrent writes share transactions, and so
// fsyncs (see committer). A write that the disk refuses (read-only, full,
// I/O error) answers ErrUnavailable and changes nothing.
//
// bbolt has no rank lookup, which $skip needs, so the store keeps the
// whole state in memory as well, in the MemStore's own structures (counted
// B-trees of compact records), loaded from the file at open and changed
// only after the file's transaction has committed. Reads never touch the
// disk: they are the MemStore's reads, at its costs (Get O(log n), a page
// O(log n + top)), and they keep working when the disk refuses writes.
// Holding only the sequence numbers in memory would save the records'
// bytes (about a hundred per assignment) but make every read a bbolt
// transaction plus a JSON decode; the emulator's data sets fit in memory
// many times over, so the simpler and faster choice wins. The file is the
// truth at start-up; memory is the truth for reads afterwards.
type BoltStore struct {
	mem  *MemStore // the configurations, their locks and their sets
	db   *bolt.DB
	path string
	// commits writes every change; pending holds, for each
	// configuration, its writes that are queued and not yet committed.
	commits *committer
	pending map[*configuration]*pendingWrites
	// readOnly, when set, is why writes are refused.
	readOnly error
}

var (
	_ Store        = (*BoltStore)(nil)
	_ PageAppender = (*BoltStore)(nil)
)

// Bucket and key names of the layout.
var (
	bucketMeta    = []byte("meta")
	bucketConfigs = []byte("configurations")
	bucketOrder   = []byte("order")
	bucketIDs     = []byte("ids")
	keyFormat     = []byte("format")
	keyNext       = []byte("next")
)

// OpenBoltStore opens the data file at path, creating it if it does not
// exist. An empty file is seeded with configIDs, the fixtures' known
// configurations; a file that holds data keeps its own configurations and
// assignments, whatever configIDs says. Start-up failures wrap
// ErrDataLocked, ErrDataCorrupt or ErrDataFormat.
func OpenBoltStore(path string, configIDs []string, opts BoltOptions) (s *BoltStore, err error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultBoltOpenTimeout
	}
	bopts := &bolt.Options{Timeout: timeout, ReadOnly: opts.ReadOnly, MaxSize: opts.MaxBytes}
	s = &BoltStore{path: path}
	if opts.ReadOnly {
		s.readOnly = errors.New("the data file was opened read-only")
	}
	db, err := bolt.Open(path, 0o600, bopts)
	if err != nil && !opts.ReadOnly && isPermission(err) {
		// A file we may read but not write: serve it read-only.
		bopts.ReadOnly = true
		if db, err = bolt.Open(path, 0o600, bopts); err == nil {
			s.readOnly = fmt.Errorf("the data file %s is not writable", path)
			logger.Warn("data file is not writable: serving it read-only; writes answer 503", "path", path)
		}
	}
	if err != nil {
		return nil, openError(path, timeout, err)
	}
	s.db = db
	defer func() {
		// bbolt panics on some kinds of damage it meets while reading.
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %s: %v: restore it from a backup, or move it away to start with an empty store", ErrDataCorrupt, path, p)
		}
		if err != nil {
			_ = db.Close()
			s = nil
		}
	}()
	known, err := s.prepare(configIDs, logger)
	if err != nil {
		return nil, err
	}
	s.mem = NewMemStore(known)
	if err := s.load(); err != nil {
		return nil, err
	}
	s.pending = make(map[*configuration]*pendingWrites, len(s.mem.configs))
	for _, c := range s.mem.configs {
		s.pending[c] = newPendingWrites(c.set.next)
	}
	s.commits = newCommitter(db, path)
	return s, nil
}

// openError turns bbolt's open errors into start-up failures that say what
// to do.
func openError(path string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: %s: no lock after %v: stop the other emulator using it, or give this one another -data file", ErrDataLocked, path, timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%w: %s: %v: restore it from a backup, or move it away to start with an empty store", ErrDataCorrupt, path, err)
	}
	return fmt.Errorf("open the data file %s: %w", path, err)
}

// prepare checks the file's format version, seeds an empty file with
// configIDs, and returns the configurations the file knows.
func (s *BoltStore) prepare(configIDs []string, logger *slog.Logger) ([]string, error) {
	var known []string
	seed := false
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return fmt.Errorf("%w: %s holds data but no format version: it was not written by this emulator; give it another -data file", ErrDataCorrupt, s.path)
			}
			seed = true
			return nil
		}
		if v := string(meta.Get(keyFormat)); v != fmt.Sprint(BoltFormatVersion) {
			return fmt.Errorf("%w: %s has format version %q and this emulator reads version %d: run the emulator release that wrote it, or give this one another -data file", ErrDataFormat, s.path, v, BoltFormatVersion)
		}
		configs := tx.Bucket(bucketConfigs)
		if configs == nil {
			return fmt.Errorf("%w: %s has no configurations bucket: restore it from a backup, or move it away to start with an empty store", ErrDataCorrupt, s.path)
		}
		return configs.ForEachBucket(func(k []byte) error {
			known = append(known, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if !seed {
		if ignored := missing(configIDs, known); len(ignored) > 0 {
			logger.Warn("the data file keeps the configurations it was seeded with; these fixtures are not in it and are ignored (use a new -data file to seed them)",
				"path", s.path, "ignored", ignored)
		}
		return known, nil
	}
	if s.readOnly != nil {
		return nil, fmt.Errorf("%w: %s is empty and read-only, so it cannot be seeded: make it writable, or give another -data file", ErrDataCorrupt, s.path)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put(keyFormat, fmt.Append(nil, BoltFormatVersion)); err != nil {
			return err
		}
		configs, err := tx.CreateBucket(bucketConfigs)
		if err != nil {
			return err
		}
		for _, id := range configIDs {
			if err := createConfigBucket(configs, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed the data file %s: %w", s.path, err)
	}
	logger.Info("seeded a new data file", "path", s.path, "configurations", len(configIDs), "format", BoltFormatVersion)
	return configIDs, nil
}

// missing lists the ids in want that have is lacks.
func missing(want, have []string) []string {
	var out []string
	for _, id := range want {
		if !slices.Contains(have, id) {
			out = append(out, id)
		}
	}
	return out
}

// createConfigBucket makes a configuration's empty bucket.
func createConfigBucket(configs *bolt.Bucket, id string) error {
	c, err := configs.CreateBucket([]byte(id))
	if err != nil {
		return err
	}
	if _, err := c.CreateBucket(bucketOrder); err != nil {
		return err
	}
	if _, err := c.CreateBucket(bucketIDs); err != nil {
		return err
	}
	return c.Put(keyNext, seqKey(0))
}

// load reads every configuration's assignments into memory, in order.
func (s *BoltStore) load() error {
	return s.db.View(func(tx *bolt.Tx) error {
		configs := tx.Bucket(bucketConfigs)
		for _, c := range s.mem.configs {
			id := c.id
			b := configs.Bucket([]byte(id))
			order, ids := b.Bucket(bucketOrder), b.Bucket(bucketIDs)
			next := b.Get(keyNext)
			if order == nil || ids == nil || len(next) != 8 {
				return fmt.Errorf("%w: %s: configuration %q lacks its buckets: restore it from a backup, or move it away to start with an empty store", ErrDataCorrupt, s.path, id)
			}
			set := c.set
			err := order.ForEach(func(k, v []byte) error {
				r, err := decodeRecord(v)
				if err != nil || len(k) != 8 {
					return fmt.Errorf("%w: %s: configuration %q, key %x: %v: restore it from a backup, or move it away to start with an empty store", ErrDataCorrupt, s.path, id, k, err)
				}
				seq := binary.BigEndian.Uint64(k)
				if _, taken := set.byID.Set(idKey(r.id), placed{seq: seq, rec: &r}); taken {
					return fmt.Errorf("%w: %s: configuration %q has assignment %q twice", ErrDataCorrupt, s.path, id, r.id)
				}
				set.order.Load(seq, &r)
				return nil
			})
			if err != nil {
				return err
			}
			set.next = binary.BigEndian.Uint64(next)
			if last, _, ok := set.order.Max(); ok && last >= set.next {
				return fmt.Errorf("%w: %s: configuration %q: next sequence number %d is not past the last, %d", ErrDataCorrupt, s.path, id, set.next, last)
			}
			if ids.Stats().KeyN != set.order.Len() {
				return fmt.Errorf("%w: %s: configuration %q: its id index and its assignments disagree", ErrDataCorrupt, s.path, id)
			}
		}
		return nil
	})
}

// decodeRecord reads a stored assignment.
func decodeRecord(v []byte) (record, error) {
	var a Assignment
	if err := json.Unmarshal(v, &a); err != nil {
		return record{}, err
	}
	return newRecord(a)
}

// encodeRecord is a stored assignment's value: its JSON as the API writes it.
func encodeRecord(r *record) []byte {
	j := r.json()
	return j.AppendTo(make([]byte, 0, 64+len(r.target)+len(r.id)), "", 0)
}

// seqKey is a sequence number as a key: big-endian, so that bbolt's byte
// order is numeric order.
func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), seq)
}

// Close closes the data file, once the writes queued have been committed.
// Every acknowledged write is already on disk.
func (s *BoltStore) Close() error {
	s.commits.close()
	return s.db.Close()
}

// Path is the data file's path.
func (s *BoltStore) Path() string { return s.path }

// Configurations lists the configurations the file knows.
func (s *BoltStore) Configurations() []string {
	ids := make([]string, 0, len(s.mem.configs))
	for _, c := range s.mem.configs {
		ids = append(ids, c.id)
	}
	slices.Sort(ids)
	return ids
}

// List implements Store.
func (s *BoltStore) List(ctx context.Context, configID string, skip, top int) ([]Assignment, int, error) {
	return s.mem.List(ctx, configID, skip, top)
}

func (s *BoltStore) AppendPage(ctx context.Context, configID string, skip, top int, sel Fields, buf []byte) ([]byte, int, int, error) {
	return s.mem.AppendPage(ctx, configID, skip, top, sel, buf)
}

// Get implements Store.
func (s *BoltStore) Get(ctx context.Context, configID, id string) (Assignment, error) {
	return s.mem.Get(ctx, configID, id)
}

// Create implements Store.
func (s *BoltStore) Create(_ context.Context, configID string, a Assignment) error {
	c, err := s.mem.config(configID)
	if err != nil {
		return err
	}
	r, err := newRecord(a)
	if err != nil {
		return err
	}
	value := encodeRecord(&r)
	return s.queue(c, idKey(r.id), func(p *pendingWrites) (*commit, error) {
		if _, ok := c.set.get(r.id); ok {
			return nil, ErrAssignmentExists
		}
		seq := p.next
		p.next++
		return &commit{
			write: func(tx *bolt.Tx) error {
				b := configBucket(tx, c.id)
				key := seqKey(seq)
				if err := b.Bucket(bucketOrder).Put(key, value); err != nil {
					return err
				}
				if err := b.Bucket(bucketIDs).Put([]byte(r.id), key); err != nil {
					return err
				}
				return b.Put(keyNext, seqKey(seq+1))
			},
			apply: func() { c.set.place(seq, &r) },
		}, nil
	})
}

// Update implements Store.
func (s *BoltStore) Update(_ context.Context, configID, id string, change func(Assignment) (Assignment, error)) (Assignment, error) {
	c, err := s.mem.config(configID)
	if err != nil {
		return Assignment{}, err
	}
	var updated Assignment
	err = s.queue(c, idKey(id), func(*pendingWrites) (*commit, error) {
		p, ok := c.set.lookup(id)
		if !ok {
			return nil, ErrAssignmentNotFound
		}
		next, a, err := changedRecord(p.rec, change)
		if err != nil {
			return nil, err
		}
		updated = a
		value := encodeRecord(&next)
		return &commit{
			write: func(tx *bolt.Tx) error {
				return configBucket(tx, c.id).Bucket(bucketOrder).Put(seqKey(p.seq), value)
			},
			// p.rec is still the assignment's record: whatever else would
			// change it waits for this write.
			apply: func() { *p.rec = next },
		}, nil
	})
	if err != nil {
		return Assignment{}, err
	}
	return updated, nil
}

// Delete implements Store.
func (s *BoltStore) Delete(_ context.Context, configID, id string) error {
	c, err := s.mem.config(configID)
	if err != nil {
		return err
	}
	return s.queue(c, idKey(id), func(*pendingWrites) (*commit, error) {
		p, ok := c.set.lookup(id)
		if !ok {
			return nil, ErrAssignmentNotFound
		}
		return &commit{
			write: func(tx *bolt.Tx) error {
				b := configBucket(tx, c.id)
				if err := b.Bucket(bucketOrder).Delete(seqKey(p.seq)); err != nil {
					return err
				}
				return b.Bucket(bucketIDs).Delete([]byte(p.rec.id))
			},
			apply: func() { c.set.remove(p.rec.id) },
		}, nil
	})
}

// Replace implements Store.
func (s *BoltStore) Replace(_ context.Context, configID string, all []Assignment) error {
	c, err := s.mem.config(configID)
	if err != nil {
		return err
	}
	next := &assignmentSet{}
	values := make([][]byte, 0, len(all))
	for _, a := range all {
		r, err := newRecord(a)
		if err != nil {
			return err
		}
		if !next.add(&r) {
			return ErrAssignmentExists
		}
		values = append(values, encodeRecord(&r))
	}
	return s.queue(c, "", func(p *pendingWrites) (*commit, error) {
		return &commit{
			write: func(tx *bolt.Tx) error { return replaceConfigBucket(tx, c.id, next, values) },
			apply: func() {
				c.set = next
				p.next = next.next
			},
		}, nil
	})
}

// replaceConfigBucket makes set, whose encoded records are values, the
// whole content of the configuration's bucket.
func replaceConfigBucket(tx *bolt.Tx, configID string, set *assignmentSet, values [][]byte) error {
	configs := tx.Bucket(bucketConfigs)
	if err := configs.DeleteBucket([]byte(configID)); err != nil {
		return err
	}
	if err := createConfigBucket(configs, configID); err != nil {
		return err
	}
	b := configs.Bucket([]byte(configID))
	order, ids := b.Bucket(bucketOrder), b.Bucket(bucketIDs)
	// Keys in ascending order fill bbolt's pages fully.
	order.FillPercent, ids.FillPercent = 1, 0.9
	i := 0
	var err error
	set.order.Scan(func(k uint64, r *record) bool {
		key := seqKey(k)
		if err = order.Put(key, values[i]); err == nil {
			err = ids.Put([]byte(r.id), key)
		}
		i++
		return err == nil
	})
	if err != nil {
		return err
	}
	return b.Put(keyNext, seqKey(set.next))
}

// configBucket is the configuration's bucket.
func configBucket(tx *bolt.Tx, configID string) *bolt.Bucket {
	return tx.Bucket(bucketConfigs).Bucket([]byte(configID))
}

// queue prepares a write of the assignment whose idKey is key ("" for the
// whole configuration) under c's lock, queues it for the committer, and
// waits until it is on disk and in memory. It first waits for any pending
// write that the new one must follow (see pendingWrites.blocker), so that
// prepare sees every write before it. prepare's error is returned as is,
// and nothing is queued.
func (s *BoltStore) queue(c *configuration, key string, prepare func(*pendingWrites) (*commit, error)) error {
	if s.readOnly != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, s.readOnly)
	}
	p := s.pending[c]
	for {
		c.mu.Lock()
		if w := p.blocker(key); w != nil {
			c.mu.Unlock()
			<-w.done
			continue
		}
		w, err := prepare(p)
		if err == nil {
			w.pending, w.c, w.key, w.done = p, c, key, make(chan struct{})
			err = s.commits.queueWrite(w)
		}
		if err != nil {
			c.mu.Unlock()
			return err
		}
		p.hold(w)
		c.mu.Unlock()
		<-w.done
		return w.err
	}
}

// isDiskUnavailable says whether a write failed because of the disk or the
// file's permissions rather than a bug: a full disk or quota, a read-only
// file or file system, a size limit, an I/O error. Each may clear without
// a restart of the emulator (space freed, the file system remounted).
func isDiskUnavailable(err error) bool {
	for _, e := range []error{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EROFS, syscall.EIO, berrors.ErrMaxSizeReached, berrors.ErrDatabaseReadOnly} {
		if errors.Is(err, e) {
			return true
		}
	}
	return isPermission(err)
}

// isPermission says whether err is a refused permission.
func isPermission(err error) bool {
	return errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS)
}
