package main

import (
	"context"
	"fmt"
)

// cannedAnswers are the emulator's own answers, which the bare server
// sends back to every request, so that both send the same bytes.
type cannedAnswers struct {
	create []byte // the 201 body of a create
	list   []byte // the 200 body of the default page
	// pageLen is the number of assignments in list.
	pageLen int
}

// maxFill bounds fillFirstPage: more than the largest page, so a full
// page without a next link means the emulator is not paging.
const maxFill = 1000

// captureAnswers creates assignments in the emulator until its first page
// is full, and returns the first create's answer and the full page. The
// page is full when the list has a next link; from then on the first page
// stays byte for byte the same however many assignments the create
// workload adds after it, because the list is in creation order.
func captureAnswers(ctx context.Context, g graph, createBody []byte) (cannedAnswers, error) {
	var c cannedAnswers
	for i := range maxFill {
		created, err := g.create(ctx, createBody)
		if err != nil {
			return c, fmt.Errorf("fill the emulator's first page: %w", err)
		}
		if i == 0 {
			c.create = created
		}
		listed, err := g.list(ctx, "")
		if err != nil {
			return c, fmt.Errorf("fill the emulator's first page: %w", err)
		}
		p, err := decodePage(listed)
		if err != nil {
			return c, err
		}
		if p.NextLink != "" {
			c.list, c.pageLen = listed, len(p.Value)
			return c, nil
		}
	}
	return c, fmt.Errorf("the emulator's list has no next link after %d assignments", maxFill)
}
