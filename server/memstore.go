package server

import (
	"context"
	"fmt"
	"sync"
)

// MemStore is the in-memory Store: per configuration, a slice in creation
// order and an index from id to position, behind one RWMutex. Reads share
// the lock; writes take it alone, which makes Update and Replace atomic.
type MemStore struct {
	mu      sync.RWMutex
	configs map[string]*assignmentList
}

// assignmentList is one configuration's assignments.
type assignmentList struct {
	items []Assignment
	index map[string]int // id -> position in items
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty store that knows the given configuration ids.
func NewMemStore(configIDs []string) *MemStore {
	s := &MemStore{configs: make(map[string]*assignmentList, len(configIDs))}
	for _, id := range configIDs {
		s.configs[id] = &assignmentList{index: map[string]int{}}
	}
	return s
}

// List implements Store.
func (s *MemStore) List(_ context.Context, configID string, skip, top int) ([]Assignment, int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	l, ok := s.configs[configID]
	if !ok {
		return nil, 0, ErrConfigurationNotFound
	}
	total := len(l.items)
	start := min(max(skip, 0), total)
	end := min(start+max(top, 0), total)
	page := make([]Assignment, 0, end-start)
	for _, a := range l.items[start:end] {
		page = append(page, cloneAssignment(a))
	}
	return page, total, nil
}

// Get implements Store.
func (s *MemStore) Get(_ context.Context, configID, id string) (Assignment, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	l, i, err := s.find(configID, id)
	if err != nil {
		return Assignment{}, err
	}
	return cloneAssignment(l.items[i]), nil
}

// Create implements Store.
func (s *MemStore) Create(_ context.Context, configID string, a Assignment) error {
	id, err := assignmentID(a)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.configs[configID]
	if !ok {
		return ErrConfigurationNotFound
	}
	if _, taken := l.index[id]; taken {
		return ErrAssignmentExists
	}
	l.index[id] = len(l.items)
	l.items = append(l.items, cloneAssignment(a))
	return nil
}

// Update implements Store.
func (s *MemStore) Update(_ context.Context, configID, id string, change func(Assignment) (Assignment, error)) (Assignment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, i, err := s.find(configID, id)
	if err != nil {
		return Assignment{}, err
	}
	updated, err := change(cloneAssignment(l.items[i]))
	if err != nil {
		return Assignment{}, err
	}
	if newID, err := assignmentID(updated); err != nil || newID != id {
		return Assignment{}, fmt.Errorf("update of assignment %q changed its id", id)
	}
	l.items[i] = cloneAssignment(updated)
	return updated, nil
}

// Delete implements Store.
func (s *MemStore) Delete(_ context.Context, configID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, i, err := s.find(configID, id)
	if err != nil {
		return err
	}
	l.items = append(l.items[:i], l.items[i+1:]...)
	delete(l.index, id)
	// The assignments after the removed one moved up by one.
	for j := i; j < len(l.items); j++ {
		l.index[*l.items[j].Id] = j
	}
	return nil
}

// Replace implements Store.
func (s *MemStore) Replace(_ context.Context, configID string, all []Assignment) error {
	// Build the new list before taking the lock: a bad id leaves the old
	// set untouched.
	next := &assignmentList{items: make([]Assignment, 0, len(all)), index: make(map[string]int, len(all))}
	for _, a := range all {
		id, err := assignmentID(a)
		if err != nil {
			return err
		}
		if _, dup := next.index[id]; dup {
			return ErrAssignmentExists
		}
		next.index[id] = len(next.items)
		next.items = append(next.items, cloneAssignment(a))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.configs[configID]; !ok {
		return ErrConfigurationNotFound
	}
	s.configs[configID] = next
	return nil
}

// find locates an assignment; the caller holds the lock.
func (s *MemStore) find(configID, id string) (*assignmentList, int, error) {
	l, ok := s.configs[configID]
	if !ok {
		return nil, 0, ErrConfigurationNotFound
	}
	i, ok := l.index[id]
	if !ok {
		return nil, 0, ErrAssignmentNotFound
	}
	return l, i, nil
}

// assignmentID is a's id; storing an assignment without one is a
// programming error, not a client's.
func assignmentID(a Assignment) (string, error) {
	if a.Id == nil || *a.Id == "" {
		return "", fmt.Errorf("assignment has no id")
	}
	return *a.Id, nil
}
