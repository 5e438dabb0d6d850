package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/specfirst/intune-assignments/gen"
)

// ListAssignments implements listAssignments, GET
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments,
// as an iterator over all the configuration's assignments that opts selects:
// it follows @odata.nextLink from page to page until the last one, and the
// service keeps opts in each link. opts.Top sets the page size. An error is
// yielded once, as the last value; breaking out of the loop stops the paging.
//
//	for a, err := range c.ListAssignments(ctx, configID, client.ListOptions{}) {
//		if err != nil {
//			return err
//		}
//		...
//	}
func (c *Client) ListAssignments(ctx context.Context, configID string, opts ListOptions) iter.Seq2[Assignment, error] {
	return func(yield func(Assignment, error) bool) {
		page, err := c.ListAssignmentsPage(ctx, configID, opts)
		followed := map[string]bool{}
		for {
			if err != nil {
				yield(Assignment{}, err)
				return
			}
			for _, a := range page.Value {
				if !yield(a, nil) {
					return
				}
			}
			if page.OdataNextLink == nil || *page.OdataNextLink == "" {
				return
			}
			next := *page.OdataNextLink
			if followed[next] {
				yield(Assignment{}, fmt.Errorf("%s: @odata.nextLink %q came back again; stopping rather than looping", c.ops.list.id, next))
				return
			}
			followed[next] = true
			page, err = c.NextAssignmentsPage(ctx, next)
		}
	}
}

// ListAssignmentsPage implements listAssignments, GET
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments,
// for one page. When more assignments remain, the page's OdataNextLink is
// set: pass it to NextAssignmentsPage for the next page. With opts.Count,
// the page's OdataCount is the number of assignments in the whole result.
func (c *Client) ListAssignmentsPage(ctx context.Context, configID string, opts ListOptions) (*AssignmentPage, error) {
	params, err := c.listParams(configID, opts)
	if err != nil {
		return nil, err
	}
	return c.page(ctx, configID, params, odataQuery)
}

// NextAssignmentsPage implements listAssignments for a page's
// @odata.nextLink: it gets the URL unchanged. Because the request carries the
// client's token, the link must be under the client's base URL (same scheme,
// host and path prefix); another link is refused. The link carries the
// query options of the first page's request.
func (c *Client) NextAssignmentsPage(ctx context.Context, nextLink string) (*AssignmentPage, error) {
	link, err := c.checkNextLink(nextLink)
	if err != nil {
		return nil, err
	}
	// The generated call builds the request of a first page, for no
	// configuration and without query options; sendTo(link) then replaces
	// its URL with the link.
	return c.page(ctx, "", nil, sendTo(link))
}

// page gets one page through the generated call of listAssignments, whose
// request edit finishes.
func (c *Client) page(ctx context.Context, configID string, params *gen.ListAssignmentsParams, edit gen.RequestEditorFn) (*AssignmentPage, error) {
	rsp, err := c.ops.list.result(c.api.ListAssignmentsWithResponse(ctx, configID, params, edit))
	if err != nil {
		return nil, err
	}
	return rsp.JSON200, nil
}

// sendTo is the request editor that sends a request to u, unchanged.
func sendTo(u *url.URL) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		link := *u
		req.URL, req.Host = &link, link.Host
		return nil
	}
}

// listParams checks the arguments of listAssignments and returns its query
// parameters, leaving out the ones at their zero value.
func (c *Client) listParams(configID string, opts ListOptions) (*gen.ListAssignmentsParams, error) {
	if err := c.ops.list.check(nil, configID); err != nil {
		return nil, err
	}
	params := &gen.ListAssignmentsParams{}
	if err := c.ops.list.query(opts, params); err != nil {
		return nil, err
	}
	return params, nil
}

// checkNextLink parses a link, and refuses one that would take the
// client's token anywhere but under its base URL.
func (c *Client) checkNextLink(link string) (*url.URL, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("%s: @odata.nextLink: %w", c.ops.list.id, err)
	}
	basePath := c.base.EscapedPath() + "/"
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) ||
		u.User != nil || !strings.HasPrefix(u.EscapedPath(), basePath) ||
		!strings.HasPrefix(path.Clean(u.Path)+"/", c.base.Path+"/") {
		return nil, fmt.Errorf("%s: @odata.nextLink %q is not under the base URL %s; not sending the token there", c.ops.list.id, link, c.base)
	}
	return u, nil
}
