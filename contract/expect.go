package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// expectStatus requires the status the case drives the server into. With
// expect and expectHeaders, it is what a case requires of an answer beyond
// the spec, which the driver has checked already.
func expectStatus(res *spectest.Response, status string) error {
	if strconv.Itoa(res.Status) != status {
		return fmt.Errorf("status %d, want %s; body: %s", res.Status, status, res.Body)
	}
	return nil
}

// expect requires res to be op's status response with the example's body,
// under the Generated rule.
func expect(res *spectest.Response, op specdoc.Operation, status string, example any, gen Generated) error {
	if err := expectStatus(res, status); err != nil {
		return err
	}
	if op.ResponseMediaType(status) == "text/plain" {
		// A plain-text example's value is what the text spells.
		if strings.TrimSpace(string(res.Body)) != fmt.Sprint(example) {
			return fmt.Errorf("body %q, want %q", res.Body, fmt.Sprint(example))
		}
		return nil
	}
	var got any
	if err := json.Unmarshal(res.Body, &got); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if diff := Compare(example, got, gen); diff != "" {
		return errors.New(diff)
	}
	return nil
}

// expectHeaders requires the headers the spec documents for the response.
func expectHeaders(res *spectest.Response, doc *openapi3.Response) error {
	for name := range doc.Headers {
		if res.Header.Get(name) == "" {
			return fmt.Errorf("the %d response lacks its documented %s header", res.Status, name)
		}
	}
	return nil
}
