package odata

// Filter is a parsed $filter, ready to be matched against entities. It is
// not changed after parsing, so Match may be called from many goroutines.
type Filter struct {
	root *node
}

type nodeKind uint8

const (
	nodeOr   nodeKind = iota // any of kids
	nodeAnd                  // all of kids
	nodeNot                  // not kids[0]
	nodeEq                   // prop eq lits[0], or ne when neg
	nodeIn                   // prop in lits
	nodeIsOf                 // isof(target, targetTypes[typ])
)

// node is one operator of a parsed filter. And and or hold all their
// operands in one node, so that a long chain of them does not make a deep
// tree; the depth of the tree is bounded by the parser's nesting limit.
type node struct {
	kind nodeKind
	neg  bool
	prop Property
	typ  int
	kids []*node
	lits []literal
}

// literal is a quoted string or null from the query. For PropTargetType
// the string is the type's name without '#'.
type literal struct {
	null bool
	s    string
}

// Match tells whether e satisfies the filter. A nil Filter, which stands
// for no $filter, matches everything. Match does not allocate.
func (f *Filter) Match(e Entity) bool {
	if f == nil || f.root == nil {
		return true
	}
	return f.root.match(e)
}

func (n *node) match(e Entity) bool {
	switch n.kind {
	case nodeOr:
		for _, k := range n.kids {
			if k.match(e) {
				return true
			}
		}
		return false
	case nodeAnd:
		for _, k := range n.kids {
			if !k.match(e) {
				return false
			}
		}
		return true
	case nodeNot:
		return !n.kids[0].match(e)
	case nodeEq:
		v, set := value(e, n.prop)
		return n.lits[0].equals(v, set) != n.neg
	case nodeIn:
		v, set := value(e, n.prop)
		for _, l := range n.lits {
			if l.equals(v, set) {
				return true
			}
		}
		return false
	case nodeIsOf:
		return isOf(e.TargetType(), n.typ)
	}
	return false
}

// equals is OData's eq between a property's value and the literal: null
// equals only null, so that ne, its negation, is true between null and a
// string.
func (l literal) equals(v string, set bool) bool {
	if l.null || !set {
		return l.null == !set
	}
	return equalValues(v, l.s)
}
