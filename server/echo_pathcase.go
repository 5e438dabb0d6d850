package server

import (
	"cmp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Graph's path segments are case-insensitive:
// /devicemanagement/deviceenrollmentconfigurations/... reaches the same
// operation as the spec's spelling. echo routes by exact case, so a path
// that matches an operation's path but for the case of its fixed segments
// is given the spec's spelling before routing. Parameters, the ids, keep
// their case (ids shaped like a GUID compare case-insensitively in the
// store, see idKey).

// pathTemplate is an operation's path split into segments; a parameter's
// segment is empty.
type pathTemplate []string

// pathTemplates are the spec's paths under the base path, those with more
// fixed segments first: .../assignments/$count before
// .../assignments/{enrollmentConfigurationAssignmentId}.
func pathTemplates(doc *openapi3.T, basePath string) []pathTemplate {
	var out []pathTemplate
	seen := map[string]bool{}
	for _, o := range specdoc.Operations(doc) {
		if seen[o.Path] {
			continue
		}
		seen[o.Path] = true
		var t pathTemplate
		for _, seg := range strings.Split(strings.TrimPrefix(basePath+o.Path, "/"), "/") {
			if strings.HasPrefix(seg, "{") {
				seg = ""
			}
			t = append(t, seg)
		}
		out = append(out, t)
	}
	fixed := func(t pathTemplate) (n int) {
		for _, seg := range t {
			if seg != "" {
				n++
			}
		}
		return n
	}
	slices.SortStableFunc(out, func(a, b pathTemplate) int { return cmp.Compare(fixed(b), fixed(a)) })
	return out
}

// respell returns path with the template's spelling of its fixed
// segments, and whether the path matches the template at all.
func (t pathTemplate) respell(path string) (string, bool) {
	if !strings.HasPrefix(path, "/") || strings.Count(path, "/") != len(t) {
		return "", false
	}
	rest := path[1:]
	same := true
	for _, want := range t {
		seg, after, _ := strings.Cut(rest, "/")
		rest = after
		switch {
		case want == "":
			if seg == "" {
				return "", false
			}
		case seg == want:
		case strings.EqualFold(seg, want):
			same = false
		default:
			return "", false
		}
	}
	if same {
		return path, true
	}
	segs := strings.Split(path[1:], "/")
	for i, want := range t {
		if want != "" {
			segs[i] = want
		}
	}
	return "/" + strings.Join(segs, "/"), true
}

// caseInsensitivePaths routes a request again when its path matches a
// template but for the case of its fixed segments. echo has routed the
// path as it came; a path that respells is routed once more, as the
// spec's spelling, which routes as if it had come so: the spelling decides
// the route even where the path as written matched another one
// (.../assignments/$COUNT is $count, not an assignment with that id).
type caseInsensitivePaths struct {
	templates []pathTemplate
	router    *echo.Router
}

// reroute respells the request's path and routes it again, if it is
// written in another case than the spec's or with a run of slashes, and
// says whether it did.
func (p caseInsensitivePaths) reroute(c echo.Context) bool {
	req := c.Request()
	u := req.URL
	path := collapseSlashes(u.Path)
	for _, t := range p.templates {
		spelled, ok := t.respell(path)
		if !ok {
			continue
		}
		if spelled == u.Path {
			return false
		}
		u.Path = spelled
		if u.RawPath != "" {
			if raw, ok := t.respell(collapseSlashes(u.RawPath)); ok {
				u.RawPath = raw
			}
		}
		// A method the first route lacked left its Allow behind.
		if c.Get(echo.ContextKeyHeaderAllow) != nil {
			c.Set(echo.ContextKeyHeaderAllow, nil)
		}
		p.router.Find(req.Method, echo.GetPath(req), c)
		return true
	}
	return false
}

// collapseSlashes writes each run of slashes in path as one. Graph serves
// /beta//deviceManagement/... as /beta/deviceManagement/...: Microsoft's
// Graph SDK for Python sends that by default, since the base URL it takes
// from its HTTP client ends with a slash before the path is added.
func collapseSlashes(path string) string {
	if !strings.Contains(path, "//") {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && i > 0 && path[i-1] == '/' {
			continue
		}
		b.WriteByte(path[i])
	}
	return b.String()
}
