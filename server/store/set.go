package store

import (
	"github.com/tidwall/btree"
)

// assignmentSet is one configuration's assignments, in two B-trees from
// github.com/tidwall/btree:
//
//   - order, by creation sequence number: each assignment gets the next
//     number of its configuration when it is created, so the tree's order
//     is creation order. Its nodes are counted, so the i-th assignment is
//     found in O(log n) (GetAt) however many were deleted before it, and a
//     page of a list costs O(log n + top).
//   - byID, by id, to the sequence number and the record: Get, Update and
//     Delete in O(log n).
//
// Every operation is O(log n): nothing shifts or renumbers the assignments
// after the one removed. A B-tree rather than a Go map for byID, because a
// map keeps the buckets of its largest size forever, while a B-tree frees
// its nodes as assignments are deleted: the set's memory follows what it
// holds, with no compaction to run.
//
// The library's Map rather than its BTreeG: the same counted nodes, and it
// compares its ordered keys with < instead of through a function, with no
// lock of its own to turn off.
//
// An assignmentSet is not safe for concurrent use: its configuration's
// lock guards it.
type assignmentSet struct {
	order btree.Map[uint64, *record]
	byID  btree.Map[string, placed]
	next  uint64 // the sequence number of the next assignment created
}

// placed is where an assignment is: its sequence number in order, and its
// record.
type placed struct {
	seq uint64
	rec *record
}

// count is the number of assignments.
func (s *assignmentSet) count() int { return s.order.Len() }

// get returns the assignment with that id.
func (s *assignmentSet) get(id string) (*record, bool) {
	p, ok := s.lookup(id)
	return p.rec, ok
}

// lookup returns where the assignment with that id is. Ids are found by
// idKey: a GUID in any case finds its assignment.
func (s *assignmentSet) lookup(id string) (placed, bool) {
	return s.byID.Get(idKey(id))
}

// add appends r, unless the set already has its id.
func (s *assignmentSet) add(r *record) bool {
	seq := s.next
	// One descent both checks and inserts; a taken id is put back.
	key := idKey(r.id)
	if prev, taken := s.byID.Set(key, placed{seq: seq, rec: r}); taken {
		s.byID.Set(key, prev)
		return false
	}
	s.next++
	// Load is Set with a fast path for a key above all the others, which a
	// new sequence number always is.
	s.order.Load(seq, r)
	return true
}

// place puts r at seq, which is past every sequence number in the set and
// whose id the set does not have: a create numbered before it was
// committed (see BoltStore.Create).
func (s *assignmentSet) place(seq uint64, r *record) {
	s.byID.Set(idKey(r.id), placed{seq: seq, rec: r})
	s.order.Load(seq, r)
	s.next = max(s.next, seq+1)
}

// remove deletes the assignment with that id, if there is one.
func (s *assignmentSet) remove(id string) bool {
	p, ok := s.byID.Delete(idKey(id))
	if ok {
		s.order.Delete(p.seq)
	}
	return ok
}

// bounds clamps a page of at most top assignments after skip of them to
// the set: the page is the assignments from start up to, not including,
// end.
func (s *assignmentSet) bounds(skip, top int) (start, end int) {
	total := s.count()
	start = min(max(skip, 0), total)
	return start, start + min(max(top, 0), total-start)
}

// visit calls f for the assignments from start up to, not including, end,
// in creation order; 0 <= start <= end <= count().
func (s *assignmentSet) visit(start, end int, f func(*record)) {
	if start == end {
		return
	}
	first, _, _ := s.order.GetAt(start)
	n := end - start
	s.order.Ascend(first, func(_ uint64, r *record) bool {
		f(r)
		n--
		return n > 0
	})
}
