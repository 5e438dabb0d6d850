package contract

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// Generated is the one rule for values that the server makes up rather than
// echoes: a response must match its example everywhere except at these
// paths, where the value is checked instead of compared. Paths are JSON
// member names joined by "/".
//
//   - id of a created assignment, when the request gave none: a GUID.
//   - @odata.nextLink: same path (after the version root) and query; the
//     scheme and host are the server's own.
//   - error/innerError/request-id: non-empty and equal to the response's
//     request-id header.
//   - error/innerError/client-request-id: the request's client-request-id.
//   - error/innerError/date: an RFC 3339 time.
//   - error/message, error/target, error/details: they describe the
//     particular failure; message must be non-empty, the others are free.
//     error/code is compared like any other value, and so is error/message
//     when the case sent the example's own request (Message).
//   - @odata.context: a metadata URL, <root>/$metadata#<fragment>, on the
//     server's own root. Where the example has one, the fragments must be
//     equal but for the configuration id.
//
// And where the service answers in a canonical form what an example may
// write otherwise:
//
//   - @odata.type, of an assignment and of a target: the response writes
//     the '#' form, #microsoft.graph.X, whichever form the example has.
//   - source: an assignment of the example without one answers "direct",
//     the default.
type Generated struct {
	// ID is true when the request carried no id, so the server chose one.
	ID bool
	// RequestID is the response's request-id header.
	RequestID string
	// ClientRequestID is the client-request-id the request sent.
	ClientRequestID string
	// ConfigID is the configuration the request was about, which an
	// @odata.context names.
	ConfigID string
	// Message is true when the case sent the very request the example
	// answers (its x-request): error/message is then compared too.
	Message bool
}

// Compare reports how got differs from want under the Generated rule, or ""
// when they match.
func Compare(want, got any, gen Generated) string {
	var problems []string
	check := func(path string, ok bool, format string, args ...any) {
		if !ok {
			problems = append(problems, path+": "+fmt.Sprintf(format, args...))
		}
	}
	want, got = clone(want), clone(got)
	if gen.ID {
		if obj, ok := got.(map[string]any); ok {
			id, _ := obj["id"].(string)
			_, err := uuid.Parse(id)
			check("id", err == nil, "generated id %q is not a GUID", id)
			obj["id"] = "<generated>"
			if w, ok := want.(map[string]any); ok {
				w["id"] = "<generated>"
			}
		}
	}
	if context, ok := lookup(got, "@odata.context"); ok {
		wantContext, has := lookup(want, "@odata.context")
		fragment, ok := contextFragment(fmt.Sprint(context))
		check("@odata.context", ok, "%v is not a metadata URL", context)
		if has {
			wantFragment, _ := contextFragment(fmt.Sprint(wantContext))
			check("@odata.context", ok && wantFragment == fragment, "%v does not describe what %v does", context, wantContext)
		}
		replace(want, "@odata.context", nil)
		replace(got, "@odata.context", nil)
	}
	problems = append(problems, canonicalForms(want, got, "")...)
	if link, ok := lookup(got, "@odata.nextLink"); ok {
		wantLink, _ := lookup(want, "@odata.nextLink")
		check("@odata.nextLink", sameLink(fmt.Sprint(wantLink), fmt.Sprint(link)), "%v does not lead where %v does", link, wantLink)
		replace(want, "@odata.nextLink", "<link>")
		replace(got, "@odata.nextLink", "<link>")
	}
	if _, ok := lookup(got, "error"); ok {
		rid, _ := lookup(got, "error/innerError/request-id")
		check("error/innerError/request-id", rid != "" && rid == gen.RequestID, "%v, want the request-id header %q", rid, gen.RequestID)
		crid, _ := lookup(got, "error/innerError/client-request-id")
		check("error/innerError/client-request-id", crid == gen.ClientRequestID, "%v, want the request's %q", crid, gen.ClientRequestID)
		date, _ := lookup(got, "error/innerError/date")
		_, err := time.Parse(time.RFC3339, fmt.Sprint(date))
		check("error/innerError/date", err == nil, "%v is not an RFC 3339 time", date)
		msg, _ := lookup(got, "error/message")
		check("error/message", msg != "" && msg != nil, "empty")
		free := []string{"error/innerError/request-id", "error/innerError/client-request-id", "error/innerError/date", "error/target", "error/details"}
		if !gen.Message {
			free = append(free, "error/message")
		}
		for _, path := range free {
			replace(want, path, nil)
			replace(got, path, nil)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		problems = append(problems, "body differs from the example (-example +response):\n"+diff)
	}
	return strings.Join(problems, "\n")
}

// contextFragment is the part of an @odata.context after $metadata, with
// the configuration id left out, and whether the URL has the shape of one.
func contextFragment(context string) (string, bool) {
	u, err := url.Parse(context)
	if err != nil || !u.IsAbs() || !strings.HasSuffix(u.Path, "/$metadata") || u.Fragment == "" {
		return "", false
	}
	fragment := u.Fragment
	const configs = "deviceEnrollmentConfigurations('"
	if i := strings.Index(fragment, configs); i >= 0 {
		rest := fragment[i+len(configs):]
		if j := strings.Index(rest, "')"); j >= 0 {
			fragment = fragment[:i+len(configs)] + "…" + rest[j:]
		}
	}
	return fragment, true
}

// canonicalForms walks want and got side by side: it requires every
// @odata.type in got to have its '#', gives want's the same form, and
// drops a got assignment's source "direct" where want's assignment has
// none. It returns the problems found; want and got are changed in place.
func canonicalForms(want, got any, path string) []string {
	var problems []string
	switch g := got.(type) {
	case map[string]any:
		w, _ := want.(map[string]any)
		if name, ok := g["@odata.type"].(string); ok {
			if !strings.HasPrefix(name, "#") {
				problems = append(problems, fmt.Sprintf("%s@odata.type: %q, want the canonical form with '#'", path, name))
			}
			if wname, ok := w["@odata.type"].(string); ok && "#"+wname == name {
				w["@odata.type"] = name
			}
		}
		if _, isAssignment := g["target"]; isAssignment && w != nil {
			if _, has := w["source"]; !has && g["source"] == "direct" {
				delete(g, "source")
			}
		}
		for key, v := range g {
			if w != nil {
				problems = append(problems, canonicalForms(w[key], v, path+key+"/")...)
			}
		}
	case []any:
		w, _ := want.([]any)
		for i, v := range g {
			if i < len(w) {
				problems = append(problems, canonicalForms(w[i], v, fmt.Sprintf("%s%d/", path, i))...)
			}
		}
	}
	return problems
}

// sameLink compares two next links by their path after the version root
// and their query values.
func sameLink(want, got string) bool {
	w, err1 := url.Parse(want)
	g, err2 := url.Parse(got)
	if err1 != nil || err2 != nil || !g.IsAbs() {
		return false
	}
	return afterVersion(w.Path) == afterVersion(g.Path) && cmp.Equal(w.Query(), g.Query())
}

func afterVersion(path string) string {
	if i := strings.Index(path, "/deviceManagement/"); i >= 0 {
		return path[i:]
	}
	return path
}

func lookup(v any, path string) (any, bool) {
	for _, key := range strings.Split(path, "/") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[key]; !ok {
			return nil, false
		}
	}
	return v, true
}

// replace sets the member at path to value where it exists, or deletes it
// when value is nil.
func replace(v any, path string, value any) {
	keys := strings.Split(path, "/")
	for _, key := range keys[:len(keys)-1] {
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		v = obj[key]
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	last := keys[len(keys)-1]
	if _, exists := obj[last]; !exists {
		return
	}
	if value == nil {
		delete(obj, last)
		return
	}
	obj[last] = value
}

func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = clone(e)
		}
		return out
	}
	return v
}
