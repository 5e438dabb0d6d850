package soak

import (
	"fmt"
	"net/http"
)

// faultRules are the emulator's -fault-rules: each kind of fault, on the
// operations where the soak can tell what it did. A status fault is a 504
// only: the emulator answers 504 for nothing else, so that every other 5xx
// is a real failure, and an injected one is answered before the operation
// runs (retrying it is safe). A reset also comes before the operation; a
// truncated answer comes after it, so a create cut short is in doubt until
// the next check. The rules act on the requests inside a batch as on the
// same requests sent alone: a status fault is that request's answer, and
// a reset or a truncated answer drops the batch's connection once every
// request of it has run, so all its writes are in doubt.
func faultRules(seed uint64) string {
	return fmt.Sprintf(`seed: %d
rules:
  - name: creates time out now and then
    match: {operation: createAssignment, probability: 0.02}
    action: {status: 504, retryAfter: 0.1}
  - name: a create's answer is cut short now and then
    match: {operation: createAssignment, probability: 0.01}
    action: {truncate: true}
  - name: updates time out now and then
    match: {operation: updateAssignment, probability: 0.02}
    action: {status: 504}
  - name: a delete's connection is reset now and then
    match: {operation: deleteAssignment, probability: 0.02}
    action: {reset: true}
  - name: assigns time out now and then
    match: {operation: assign, probability: 0.05}
    action: {status: 504, retryAfter: 0.1}
  - name: a list page is cut short now and then
    match: {operation: listAssignments, probability: 0.02}
    action: {truncate: true}
  - name: gets are slow now and then
    match: {operation: getAssignment, probability: 0.1}
    action: {latency: {distribution: uniform, min: 5ms, max: 50ms}}
`, seed)
}

// injectedStatus and injectedMessage are what an injected status fault
// answers; see faultRules.
const (
	injectedStatus  = http.StatusGatewayTimeout
	injectedMessage = "The service did not answer in time."
)
