package store

import (
	"context"
	"sync"
)

// MemStore is the in-memory Store. Each configuration has its own
// RWMutex and its own assignmentSet, so that traffic on one configuration
// never waits for another's. Reads share the lock; writes take it alone,
// which makes Update and Replace atomic. Under the lock, every operation
// costs O(log n), and a list O(log n + top): see assignmentSet. Assignments
// are kept as compact records (see record) and converted on the way in and
// out, which also makes what goes in and what comes out copies.
type MemStore struct {
	// configs is filled by NewMemStore and never changes after, so it is
	// read without a lock.
	configs map[string]*configuration
}

// configuration is one configuration's assignments and their lock.
type configuration struct {
	id  string // as the store was given it; configs is keyed by idKey
	mu  sync.RWMutex
	set *assignmentSet // Replace swaps in a whole new set
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty store that knows the given configuration ids.
func NewMemStore(configIDs []string) *MemStore {
	s := &MemStore{configs: make(map[string]*configuration, len(configIDs))}
	for _, id := range configIDs {
		s.configs[idKey(id)] = &configuration{id: id, set: &assignmentSet{}}
	}
	return s
}

// List implements Store.
func (s *MemStore) List(_ context.Context, configID string, skip, top int) ([]Assignment, int, error) {
	c, err := s.config(configID)
	if err != nil {
		return nil, 0, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	start, end := c.set.bounds(skip, top)
	// Never nil: an empty page is an empty JSON array.
	page := make([]Assignment, 0, end-start)
	c.set.visit(start, end, func(r *record) {
		page = append(page, r.assignment())
	})
	return page, c.set.count(), nil
}

var _ PageAppender = (*MemStore)(nil)

// AppendPage writes a page of List straight from the records, with no
// copy of each assignment in between.
func (s *MemStore) AppendPage(_ context.Context, configID string, skip, top int, sel Fields, buf []byte) ([]byte, int, int, error) {
	c, err := s.config(configID)
	if err != nil {
		return buf, 0, 0, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	start, end := c.set.bounds(skip, top)
	first := true
	c.set.visit(start, end, func(r *record) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		j := r.json()
		buf = j.AppendTo(buf, "", sel)
	})
	return buf, end - start, c.set.count(), nil
}

// Get implements Store.
func (s *MemStore) Get(_ context.Context, configID, id string) (Assignment, error) {
	c, err := s.config(configID)
	if err != nil {
		return Assignment{}, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.set.get(id)
	if !ok {
		return Assignment{}, ErrAssignmentNotFound
	}
	return r.assignment(), nil
}

// Create implements Store.
func (s *MemStore) Create(_ context.Context, configID string, a Assignment) error {
	c, err := s.config(configID)
	if err != nil {
		return err
	}
	r, err := newRecord(a) // the copy needs no lock
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set.add(&r) {
		return ErrAssignmentExists
	}
	return nil
}

// Update implements Store.
func (s *MemStore) Update(_ context.Context, configID, id string, change func(Assignment) (Assignment, error)) (Assignment, error) {
	c, err := s.config(configID)
	if err != nil {
		return Assignment{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.set.get(id)
	if !ok {
		return Assignment{}, ErrAssignmentNotFound
	}
	next, updated, err := changedRecord(r, change)
	if err != nil {
		return Assignment{}, err
	}
	// In place: both of the set's trees point to r, and readers only read
	// it under the read lock, which this lock excludes.
	*r = next
	return updated, nil
}

// Delete implements Store.
func (s *MemStore) Delete(_ context.Context, configID, id string) error {
	c, err := s.config(configID)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set.remove(id) {
		return ErrAssignmentNotFound
	}
	return nil
}

// Replace implements Store.
func (s *MemStore) Replace(_ context.Context, configID string, all []Assignment) error {
	c, err := s.config(configID)
	if err != nil {
		return err
	}
	// Build the new set before taking the lock: the lock is held only to
	// swap it in, and a bad id leaves the old set untouched.
	next := &assignmentSet{}
	for _, a := range all {
		r, err := newRecord(a)
		if err != nil {
			return err
		}
		if !next.add(&r) {
			return ErrAssignmentExists
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = next
	return nil
}

// config is the configuration with that id.
func (s *MemStore) config(id string) (*configuration, error) {
	c, ok := s.configs[idKey(id)]
	if !ok {
		return nil, ErrConfigurationNotFound
	}
	return c, nil
}
