package soak

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
)

// config is one configuration as the soak's acknowledged writes left it,
// and the operations in flight on it. Its lock guards everything.
type config struct {
	id string

	mu sync.Mutex
	// present are the assignments an acknowledged write left there.
	present map[string]*known
	// doubt are the ids whose last write's outcome is unknown: present or
	// not, with the old properties or the new, until the next check.
	doubt map[string]bool
	// busy are the ids an operation is in flight on; assigning is an
	// assign in flight, which takes the whole configuration.
	busy      map[string]bool
	assigning bool
	inFlight  int
}

// known is an acknowledged assignment: its properties, and when the write
// that created it was sent and acknowledged, for the order check; zero
// times for one whose create was in doubt, whose order nothing says.
type known struct {
	a           client.Assignment
	sent, acked time.Time
}

func newConfig(id string) *config {
	return &config{id: id, present: map[string]*known{}, doubt: map[string]bool{}, busy: map[string]bool{}}
}

// size is the number of acknowledged assignments.
func (c *config) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.present)
}

// claimNew takes a new id for a create, unless an assign is in flight.
func (c *config) claimNew(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.assigning {
		return false
	}
	c.busy[id] = true
	c.inFlight++
	return true
}

// claimExisting takes a random acknowledged assignment that nothing else
// is working on.
func (c *config) claimExisting(rng *rand.Rand) (string, client.Assignment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.assigning || len(c.present) == 0 {
		return "", client.Assignment{}, false
	}
	skip := rng.IntN(len(c.present))
	for id, k := range c.present {
		if skip > 0 {
			skip--
			continue
		}
		if c.busy[id] {
			return "", client.Assignment{}, false
		}
		c.busy[id] = true
		c.inFlight++
		return id, k.a, true
	}
	return "", client.Assignment{}, false
}

// claimAll takes the whole configuration for an assign, when nothing else
// is in flight on it.
func (c *config) claimAll() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.assigning || c.inFlight > 0 {
		return false
	}
	c.assigning = true
	c.inFlight++
	return true
}

// release ends the operation on id ("" for an assign).
func (c *config) release(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id == "" {
		c.assigning = false
	}
	delete(c.busy, id)
	c.inFlight--
}

func (c *config) ackCreate(a client.Assignment, sent, acked time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.present[*a.Id] = &known{a: a, sent: sent, acked: acked}
}

func (c *config) ackUpdate(a client.Assignment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k := c.present[*a.Id]; k != nil {
		k.a = a
	}
}

func (c *config) ackDelete(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.present, id)
}

// ackAssign makes all the configuration's assignments, in that order: they
// are created together, each after the one before it.
func (c *config) ackAssign(all []client.Assignment, sent, acked time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.present)
	for i, a := range all {
		step := time.Duration(i) * time.Nanosecond
		c.present[*a.Id] = &known{a: a, sent: sent.Add(step), acked: acked.Add(step)}
	}
}

// inDoubt puts ids in doubt; an assign in doubt puts every id it could
// have removed or created there.
func (c *config) inDoubt(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.present, id)
		c.doubt[id] = true
	}
}

func (c *config) assignInDoubt(all []client.Assignment) {
	c.mu.Lock()
	ids := make([]string, 0, len(c.present)+len(all))
	for id := range c.present {
		ids = append(ids, id)
	}
	c.mu.Unlock()
	for _, a := range all {
		ids = append(ids, *a.Id)
	}
	c.inDoubt(ids...)
}

// check compares what the configuration holds, in order, with what the
// acknowledged writes left, and then takes what it holds as the truth:
// the writes in doubt are settled. Nothing may be in flight.
func (c *config) check(held []client.Assignment) (problems []string, checked, settled int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := map[string]bool{}
	var latestSent time.Time // the latest send of the acknowledged assignments listed so far
	for _, a := range held {
		id := *a.Id
		seen[id] = true
		k, ok := c.present[id]
		switch {
		case ok:
			checked++
			if got, want := summary(a), summary(k.a); got != want {
				problems = append(problems, fmt.Sprintf("configuration %s: assignment %s holds %s, the last acknowledged write left %s", c.id, id, got, want))
			}
			if k.sent.IsZero() {
				break
			}
			// Acknowledged before another was sent, it must be listed
			// before it.
			if k.acked.Before(latestSent) {
				problems = append(problems, fmt.Sprintf("configuration %s: assignment %s is listed after one created after it was acknowledged", c.id, id))
			}
			if k.sent.After(latestSent) {
				latestSent = k.sent
			}
		case c.doubt[id]:
		default:
			problems = append(problems, fmt.Sprintf("configuration %s holds assignment %s, which no write created: %s", c.id, id, summary(a)))
		}
	}
	for id, k := range c.present {
		if !seen[id] {
			problems = append(problems, fmt.Sprintf("configuration %s lost assignment %s (acknowledged at %s)", c.id, id, k.acked.Format(time.RFC3339Nano)))
		}
	}
	settled = len(c.doubt) // there or not, each is settled now
	// What is there now is the truth. A create that was in doubt took
	// place at a time no one knows: the order check leaves it out.
	present := make(map[string]*known, len(held))
	for _, a := range held {
		k := &known{a: a}
		if old, ok := c.present[*a.Id]; ok {
			k.sent, k.acked = old.sent, old.acked
		}
		present[*a.Id] = k
	}
	c.present = present
	clear(c.doubt)
	return problems, checked, settled
}

// summary is what the soak compares of an assignment: its id, its target
// as canonical JSON (keys sorted, the '#' of @odata.type written), its
// source (direct when absent, its default) and its sourceId.
func summary(a client.Assignment) string {
	source := string(gen.SourceDirect)
	if a.Source != nil {
		source = string(*a.Source)
	}
	sourceID := "<none>"
	if a.SourceId != nil {
		sourceID = *a.SourceId
	}
	id := "<none>"
	if a.Id != nil {
		id = *a.Id
	}
	return fmt.Sprintf("{id %s, target %s, source %s, sourceId %s}", id, targetJSON(a.Target), source, sourceID)
}

func targetJSON(t client.AssignmentTarget) string {
	raw, err := t.MarshalJSON()
	if err != nil {
		return "<" + err.Error() + ">"
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return string(raw)
	}
	if s, ok := m["@odata.type"].(string); ok && !strings.HasPrefix(s, "#") {
		m["@odata.type"] = "#" + s
	}
	out, _ := json.Marshal(m) // sorted keys
	return string(out)
}
