package odata

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// exprGen writes random filters in the supported grammar, with random
// case, spacing and parentheses, together with a predicate computed
// independently of the parser, so that the parser's precedence and the
// evaluator's semantics can be checked against each other.
type exprGen struct {
	r *rand.Rand
}

type pred func(*rec) bool

func (g *exprGen) kw(k string) string {
	switch g.r.IntN(3) {
	case 0:
		return strings.ToUpper(k)
	case 1:
		return strings.ToUpper(k[:1]) + k[1:]
	}
	return k
}

func (g *exprGen) sp() string {
	return []string{" ", "  ", "\t", " \t "}[g.r.IntN(4)]
}

// or, and and unary follow the precedence levels of the grammar.
func (g *exprGen) or(depth int) (string, pred) {
	return g.chain(depth, "or", g.and, false)
}

func (g *exprGen) and(depth int) (string, pred) {
	return g.chain(depth, "and", g.unary, true)
}

func (g *exprGen) chain(depth int, kw string, operand func(int) (string, pred), all bool) (string, pred) {
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	preds := make([]pred, n)
	for i := range n {
		parts[i], preds[i] = operand(depth)
	}
	return strings.Join(parts, g.sp()+g.kw(kw)+g.sp()), func(r *rec) bool {
		for _, p := range preds {
			if p(r) != all {
				return !all
			}
		}
		return all
	}
}

func (g *exprGen) unary(depth int) (string, pred) {
	choice := g.r.IntN(10)
	if depth > 6 {
		choice = 9
	}
	switch choice {
	case 0, 1:
		s, p := g.unary(depth + 1)
		return g.kw("not") + g.sp() + s, func(r *rec) bool { return !p(r) }
	case 2, 3:
		s, p := g.or(depth + 1)
		return "(" + s + ")", p
	case 4:
		return g.isof()
	}
	return g.comparison()
}

// isofWant lists, for each type, the types isof accepts as it.
var isofWant = map[string][]string{
	"microsoft.graph.deviceAndAppManagementAssignmentTarget": {tAll, tUsers, tGroup, tExclusion, tConfigMgr},
	tAll:       {tAll},
	tUsers:     {tUsers},
	tGroup:     {tGroup, tExclusion},
	tExclusion: {tExclusion},
	tConfigMgr: {tConfigMgr},
}

func (g *exprGen) typeName() (string, string) {
	names := []string{"microsoft.graph.deviceAndAppManagementAssignmentTarget", tAll, tUsers, tGroup, tExclusion, tConfigMgr}
	name := names[g.r.IntN(len(names))]
	if g.r.IntN(2) == 0 {
		return name, "#" + name
	}
	return name, name
}

func (g *exprGen) isof() (string, pred) {
	name, written := g.typeName()
	return g.kw("isof") + "(" + g.kw("target") + "," + g.sp() + "'" + written + "')", func(r *rec) bool {
		actual := strings.TrimPrefix(r.targetType, "#")
		for _, t := range isofWant[name] {
			if t == actual {
				return true
			}
		}
		return false
	}
}

// values holds, for each property, literals worth comparing it with:
// the fixtures' values, GUIDs in the other case, and misses.
var values = map[Property][]string{
	PropID:           {"a1", "a3", "it's", "A1", "zz"},
	PropSource:       {"direct", "policySets"},
	PropSourceID:     {"ps-1", "", "PS-1"},
	PropGroupID:      {"11111111-aaaa-4000-8000-000000000001", "11111111-AAAA-4000-8000-000000000001", "22222222-bbbb-4000-8000-000000000002"},
	PropCollectionID: {"SMS00001", "sms00001"},
	PropFilterType:   {"none", "include", "exclude"},
	PropFilterID:     {"f0000000-0000-4000-8000-00000000000f", "F0000000-0000-4000-8000-00000000000F", "f"},
}

// lit returns a literal for prop as written and the value it stands for,
// ok false for null.
func (g *exprGen) lit(prop Property) (written, v string, ok bool) {
	if g.r.IntN(5) == 0 {
		return g.kw("null"), "", false
	}
	if prop == PropTargetType {
		name, written := g.typeName()
		return "'" + written + "'", name, true
	}
	vs := values[prop]
	v = vs[g.r.IntN(len(vs))]
	return "'" + strings.ReplaceAll(v, "'", "''") + "'", v, true
}

// refEqual is eq as the package documents it, written apart from the
// package's own code.
func refEqual(r *rec, prop Property, v string, ok bool) bool {
	var got string
	var set bool
	if prop == PropTargetType {
		got = strings.TrimPrefix(r.targetType, "#")
		set = got != ""
	} else {
		got, set = r.vals[prop], r.set[prop]
	}
	if !ok || !set {
		return ok == set
	}
	if IsGUID(got) && IsGUID(v) {
		return strings.EqualFold(got, v)
	}
	return got == v
}

func (g *exprGen) comparison() (string, pred) {
	prop := PropID + Property(g.r.IntN(int(propEnd-PropID)))
	path := prop.String()
	if g.r.IntN(2) == 0 {
		path = strings.ToUpper(path)
	}
	switch g.r.IntN(3) {
	case 0:
		n := 1 + g.r.IntN(3)
		written := make([]string, n)
		vs := make([]string, n)
		oks := make([]bool, n)
		for i := range n {
			written[i], vs[i], oks[i] = g.lit(prop)
		}
		return path + g.sp() + g.kw("in") + g.sp() + "(" + strings.Join(written, ","+g.sp()) + ")", func(r *rec) bool {
			for i := range n {
				if refEqual(r, prop, vs[i], oks[i]) {
					return true
				}
			}
			return false
		}
	}
	op := []string{"eq", "ne"}[g.r.IntN(2)]
	written, v, ok := g.lit(prop)
	s := path + g.sp() + g.kw(op) + g.sp() + written
	if g.r.IntN(4) == 0 {
		s = written + g.sp() + g.kw(op) + g.sp() + path
	}
	return s, func(r *rec) bool { return refEqual(r, prop, v, ok) == (op == "eq") }
}

func TestFilterRandomExpressions(t *testing.T) {
	g := exprGen{r: rand.New(rand.NewPCG(1, 2))}
	for range 20000 {
		s, want := g.or(0)
		f, err := ParseFilter(s)
		if err != nil {
			t.Fatalf("ParseFilter(%q): %v", s, err)
		}
		for _, r := range fixtures {
			if got := f.Match(r); got != want(r) {
				t.Fatalf("%q on %s: Match = %v, want %v", s, r.vals[PropID], got, want(r))
			}
		}
	}
}
