package client

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/specfirst/intune-assignments/gen"
)

// CountAssignments implements countAssignments, GET
// /deviceManagement/deviceEnrollmentConfigurations/{configID}/assignments/$count:
// the number of the configuration's assignments, or with opts.Filter of
// those that match it. The service answers a plain-text integer; anything
// else is an error.
func (c *Client) CountAssignments(ctx context.Context, configID string, opts CountOptions) (int64, error) {
	op := c.ops.count
	if err := op.check(nil, configID); err != nil {
		return 0, err
	}
	params := &gen.CountAssignmentsParams{}
	if err := op.query(opts, params); err != nil {
		return 0, err
	}
	rsp, err := op.result(c.api.CountAssignmentsWithResponse(ctx, configID, params, odataQuery, acceptPlainText))
	if err != nil {
		return 0, err
	}
	n, err := parseCount(rsp.Body)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op.id, err)
	}
	return n, nil
}

// acceptPlainText asks for the plain-text count; an error still comes as
// JSON.
func acceptPlainText(_ context.Context, req *http.Request) error {
	req.Header.Set("Accept", "text/plain, application/json")
	return nil
}

// utf8BOM is the byte order mark some OData services put before a
// plain-text body.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseCount reads a $count body strictly: ASCII digits only, after an
// optional UTF-8 byte order mark, and within int64. A sign, spaces, a
// fraction or a line break are refused, not skipped.
func parseCount(body []byte) (int64, error) {
	digits := bytes.TrimPrefix(body, utf8BOM)
	if len(digits) == 0 {
		return 0, fmt.Errorf("the count is empty")
	}
	for _, b := range digits {
		if b < '0' || b > '9' {
			return 0, fmt.Errorf("the count %q is not a non-negative integer", body)
		}
	}
	n, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the count %q does not fit in an int64", body)
	}
	return n, nil
}
