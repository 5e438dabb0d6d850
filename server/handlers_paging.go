package server

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/store"
)

// DefaultPageSize is the page size of a list without $top, unless
// Config.PageSize says otherwise.
const DefaultPageSize = 100

// MaxPageSize is the largest $top the spec allows.
var MaxPageSize = specdoc.MaxTop()

// pageBounds reads $skip and $top; pageSize applies without $top. The
// validator has already held them to the spec's ranges; the clamping keeps
// a handler called some other way from paging forever.
func pageBounds(top, skip *int32, pageSize int) (int, int) {
	t := pageSize
	if top != nil {
		t = min(max(int(*top), 1), MaxPageSize)
	}
	k := 0
	if skip != nil {
		k = max(int(*skip), 0)
	}
	return k, t
}

// nextLink is the absolute URL of the page that starts at skip: the URL the
// client called, with the query's options and $skip and $top set, so that
// following it unchanged reaches the end of the same result. The $ stays
// literal, as Graph writes it.
func nextLink(ctx context.Context, configID string, q *listQuery, skip int) string {
	root, path := graphhttp.RequestInfoFrom(ctx).APIRoot, specdoc.AssignmentsPath(configID)
	options := [...]struct{ name, value string }{
		{"$filter", q.filterText}, {"$orderby", q.orderByText}, {"$select", q.selectText},
	}
	size := len(root) + len(path) + len("?$count=true&$skip=&$top=") + 2*20
	for i, o := range options {
		if o.value != "" {
			options[i].value = queryEscape(o.value)
			size += len(o.name) + len("=&") + len(options[i].value)
		}
	}
	var b strings.Builder
	b.Grow(size) // the one allocation of the URL
	b.WriteString(root)
	b.WriteString(path)
	b.WriteString("?")
	for _, o := range options {
		if o.value != "" {
			b.WriteString(o.name)
			b.WriteString("=")
			b.WriteString(o.value)
			b.WriteString("&")
		}
	}
	if q.count {
		b.WriteString("$count=true&")
	}
	var n [20]byte
	b.WriteString("$skip=")
	b.Write(strconv.AppendInt(n[:0], int64(skip), 10))
	b.WriteString("&$top=")
	b.Write(strconv.AppendInt(n[:0], int64(q.top), 10))
	return b.String()
}

// queryEscape escapes a query value with %20 for a space, as Graph does,
// rather than '+'.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// contextURL is the @odata.context of an answer about configID's
// assignments: the collection, or one entity of it, narrowed to what sel
// keeps.
func contextURL(ctx context.Context, configID string, sel store.Fields, entity bool) string {
	const (
		collection = "/$metadata#deviceManagement/deviceEnrollmentConfigurations('"
		member     = "')/assignments"
		oneEntity  = "/$entity"
	)
	root := graphhttp.RequestInfoFrom(ctx).APIRoot
	configID = strings.ReplaceAll(configID, "'", "''")
	var names string
	if sel != 0 {
		names = selectNames(sel)
	}
	var b strings.Builder
	// One allocation, of the exact size, for the whole URL.
	b.Grow(len(root) + len(collection) + len(configID) + len(member) + len(names) + len("()") + len(oneEntity))
	b.WriteString(root)
	b.WriteString(collection)
	b.WriteString(configID)
	b.WriteString(member)
	if sel != 0 {
		b.WriteString("(")
		b.WriteString(names)
		b.WriteString(")")
	}
	if entity {
		b.WriteString(oneEntity)
	}
	return b.String()
}
