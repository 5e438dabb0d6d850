package soak

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/client"
)

func assignment(id, group string) client.Assignment {
	return client.Assignment{Id: &id, Target: client.GroupTarget(group)}
}

// problemsOf runs the check and fails unless exactly the wanted problems
// (each named by a fragment of its message) were found.
func problemsOf(t *testing.T, c *config, held []client.Assignment, want ...string) {
	t.Helper()
	problems, _, _ := c.check(held)
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %d like %q", problems, len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(problems[i], w) {
			t.Errorf("problem %q, want one about %q", problems[i], w)
		}
	}
}

// TestCheckFindsWhatWentWrong: a lost assignment, one that no write made,
// one with other properties, and two in the wrong order are each found;
// writes in doubt may have gone either way.
func TestCheckFindsWhatWentWrong(t *testing.T) {
	t0 := time.Now()
	newConfigWith := func() *config {
		c := newConfig("c")
		c.ackCreate(assignment("a", "g1"), t0, t0.Add(time.Second))
		c.ackCreate(assignment("b", "g1"), t0.Add(2*time.Second), t0.Add(3*time.Second))
		return c
	}
	a, b := assignment("a", "g1"), assignment("b", "g1")

	problemsOf(t, newConfigWith(), []client.Assignment{a, b})
	problemsOf(t, newConfigWith(), []client.Assignment{a}, "lost assignment b")
	problemsOf(t, newConfigWith(), []client.Assignment{a, b, assignment("x", "g1")}, "which no write created")
	problemsOf(t, newConfigWith(), []client.Assignment{a, assignment("b", "g2")}, "the last acknowledged write left")
	problemsOf(t, newConfigWith(), []client.Assignment{b, a}, "listed after one created after it was acknowledged")

	// b's write in doubt: b may be gone or changed, and x there.
	c := newConfigWith()
	c.inDoubt("b", "x")
	problemsOf(t, c, []client.Assignment{a, assignment("x", "g3")})
	// ...and the check settled both: now x is known, b gone.
	problemsOf(t, c, []client.Assignment{a, assignment("x", "g3")})
	problemsOf(t, c, []client.Assignment{a}, "lost assignment x")

	// An assign in doubt: the old set or the new.
	c = newConfigWith()
	c.assignInDoubt([]client.Assignment{assignment("n", "g1")})
	problemsOf(t, c, []client.Assignment{assignment("n", "g1")})
	c = newConfigWith()
	c.assignInDoubt([]client.Assignment{assignment("n", "g1")})
	problemsOf(t, c, []client.Assignment{a, b})

	// An acknowledged assign: exactly its list, in its order.
	c = newConfigWith()
	c.ackAssign([]client.Assignment{assignment("p", "g1"), assignment("q", "g1")}, t0, t0)
	problemsOf(t, c, []client.Assignment{assignment("q", "g1"), assignment("p", "g1")}, "listed after")
}

// TestClaims keeps operations from overlapping: an id in flight is not
// taken again, and an assign takes the configuration only when nothing
// else is in flight there, and holds off everything else.
func TestClaims(t *testing.T) {
	c := newConfig("c")
	c.ackCreate(assignment("a", "g"), time.Now(), time.Now())
	if !c.claimNew("n") {
		t.Fatal("claimNew failed")
	}
	if c.claimAll() {
		t.Error("an assign took the configuration while a create was in flight")
	}
	c.release("n")
	if !c.claimAll() {
		t.Fatal("claimAll failed on an idle configuration")
	}
	if c.claimNew("m") {
		t.Error("a create started during an assign")
	}
	c.release("")
	id, _, ok := c.claimExisting(testRNG())
	if !ok || id != "a" {
		t.Fatalf("claimExisting = %q, %v", id, ok)
	}
	if _, _, ok := c.claimExisting(testRNG()); ok {
		t.Error("the one assignment was taken twice")
	}
}

// TestSummaryCanonical compares targets whatever their form: the '#' of
// @odata.type and the order of members do not matter, the values do.
func TestSummaryCanonical(t *testing.T) {
	var bare, hashed client.Assignment
	id := "i"
	bare.Id, hashed.Id = &id, &id
	if err := bare.Target.UnmarshalJSON([]byte(`{"groupId":"g","@odata.type":"microsoft.graph.groupAssignmentTarget"}`)); err != nil {
		t.Fatal(err)
	}
	hashed.Target = client.GroupTarget("g")
	if summary(bare) != summary(hashed) {
		t.Errorf("%s != %s", summary(bare), summary(hashed))
	}
	if summary(hashed) == summary(assignment("i", "h")) {
		t.Error("another group compares equal")
	}
	if !slices.Contains(strings.Fields(summary(hashed)), "direct,") {
		t.Errorf("no source reads as direct: %s", summary(hashed))
	}
}
