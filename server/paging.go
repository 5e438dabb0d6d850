package server

import (
	"context"
	"fmt"
	"net/url"

	"github.com/specfirst/intune-assignments/gen"
)

// DefaultPageSize is the page size of a list without $top, unless
// Config.PageSize says otherwise.
const DefaultPageSize = 100

// MaxPageSize is the largest $top the spec allows.
const MaxPageSize = 999

// pageBounds reads $skip and $top; pageSize applies without $top. The
// validator has already held them to the spec's ranges; the clamping keeps
// a handler called some other way from paging forever.
func pageBounds(p gen.ListAssignmentsParams, pageSize int) (skip, top int) {
	top = pageSize
	if p.Top != nil {
		top = min(max(int(*p.Top), 1), MaxPageSize)
	}
	if p.Skip != nil {
		skip = max(int(*p.Skip), 0)
	}
	return skip, top
}

// nextLink is the absolute URL of the page that starts at skip: the URL the
// client called, with $skip and $top set, so that following it unchanged
// reaches the end. The $ stays literal, as Graph writes it.
func nextLink(ctx context.Context, configID string, skip, top int) string {
	return fmt.Sprintf("%s/deviceManagement/deviceEnrollmentConfigurations/%s/assignments?$skip=%d&$top=%d",
		requestInfoFrom(ctx).APIRoot, url.PathEscape(configID), skip, top)
}
