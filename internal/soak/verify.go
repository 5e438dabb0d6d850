package soak

import (
	"context"
	"fmt"
	"time"

	"github.com/specfirst/intune-assignments/client"
)

// pageAttempts bounds the tries of one page of a check: an injected fault
// cuts a page short now and then.
const pageAttempts = 20

// readAll lists every assignment of the configuration, page by page,
// trying each page again when it fails.
func readAll(ctx context.Context, c *client.Client, configID string) ([]client.Assignment, error) {
	page, err := retryPage(ctx, func() (*client.AssignmentPage, error) {
		return c.ListAssignmentsPage(ctx, configID, client.ListOptions{})
	})
	var all []client.Assignment
	for err == nil {
		all = append(all, page.Value...)
		if page.OdataNextLink == nil {
			return all, nil
		}
		next := *page.OdataNextLink
		page, err = retryPage(ctx, func() (*client.AssignmentPage, error) {
			return c.NextAssignmentsPage(ctx, next)
		})
	}
	return nil, fmt.Errorf("list configuration %s: %w", configID, err)
}

func retryPage(ctx context.Context, get func() (*client.AssignmentPage, error)) (*client.AssignmentPage, error) {
	var err error
	for attempt := 1; attempt <= pageAttempts; attempt++ {
		var page *client.AssignmentPage
		if page, err = get(); err == nil {
			return page, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("%d attempts: %w", pageAttempts, err)
}

// check is what one check after a restart found.
type check struct {
	start int // the emulator start it checked
	// acknowledged is the number of writes acknowledged before the check:
	// a check without problems verified what they left.
	acknowledged int64
	checked      int // acknowledged assignments found as written
	settled      int // writes in doubt, settled
	problems     []string
}

// checkAll reads every configuration and compares it with the model.
// Nothing may be in flight.
func (w *workload) checkAll(ctx context.Context, start int) check {
	ch := check{start: start}
	for _, c := range w.configs {
		held, err := readAll(ctx, w.client, c.id)
		if err != nil {
			ch.problems = append(ch.problems, fmt.Sprintf("check after start %d: %v", start, err))
			continue
		}
		problems, checked, settled := c.check(held)
		ch.problems = append(ch.problems, problems...)
		ch.checked += checked
		ch.settled += settled
	}
	return ch
}
