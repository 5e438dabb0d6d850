package server

import (
	"context"
	"fmt"
	"net/url"
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
	var b strings.Builder
	b.WriteString(graphhttp.RequestInfoFrom(ctx).APIRoot)
	b.WriteString(specdoc.AssignmentsPath(configID))
	b.WriteString("?")
	for _, o := range []struct{ name, value string }{
		{"$filter", q.filterText}, {"$orderby", q.orderByText}, {"$select", q.selectText},
	} {
		if o.value != "" {
			b.WriteString(o.name + "=" + queryEscape(o.value) + "&")
		}
	}
	if q.count {
		b.WriteString("$count=true&")
	}
	fmt.Fprintf(&b, "$skip=%d&$top=%d", skip, q.top)
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
	var b strings.Builder
	b.WriteString(graphhttp.RequestInfoFrom(ctx).APIRoot)
	b.WriteString("/$metadata#deviceManagement/deviceEnrollmentConfigurations('")
	b.WriteString(strings.ReplaceAll(configID, "'", "''"))
	b.WriteString("')/assignments")
	if sel != 0 {
		b.WriteString("(" + selectNames(sel) + ")")
	}
	if entity {
		b.WriteString("/$entity")
	}
	return b.String()
}
