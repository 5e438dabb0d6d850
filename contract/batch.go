package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// The batch (POST /$batch) carries other operations' requests, so its
// cases are made from what its examples hold: the requests of the request
// example, run against the state its x-collection describes, and the
// answers of the paired response example, each compared with the answer
// to the request of the same id under the Generated rule of its own
// operation.

// isBatch reports whether op is the batch.
func isBatch(op specdoc.Operation) bool { return op.OperationID == spectest.BatchOperation }

// batchRequests are the requests of a batch body, or nil when it is not
// one.
func batchRequests(body any) []map[string]any {
	items, _ := asObject(body)["requests"].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, item := range items {
		if obj := asObject(item); obj != nil {
			out = append(out, obj)
		}
	}
	return out
}

// batchAccess is what a batch body may change: nothing when each of its
// requests reads, else writes.
func batchAccess(body any) Access {
	for _, r := range batchRequests(body) {
		if m, _ := r["method"].(string); !strings.EqualFold(m, http.MethodGet) {
			return Writes
		}
	}
	return ReadOnly
}

// batchFault is the condition a batch response example needs: a throttled
// caller when one of its answers is 429.
func batchFault(resp *specdoc.Example) Fault {
	if resp == nil {
		return NoFault
	}
	answers, _ := asObject(resp.Value)["responses"].([]any)
	for _, a := range answers {
		if status, _ := asObject(a)["status"].(float64); status == http.StatusTooManyRequests {
			return FaultThrottled
		}
	}
	return NoFault
}

// batchCases are the server cases of the batch: one per request example.
func (s *Suite) batchCases(op specdoc.Operation) []Case {
	status := op.SuccessStatus()
	responses := map[string]specdoc.Example{}
	for _, ex := range op.ResponseExamples(status) {
		responses[ex.Name] = ex
	}
	var cases []Case
	for _, req := range op.RequestExamples() {
		c := Case{Name: op.OperationID + "/server/" + req.Name, Op: op, Status: status, Access: batchAccess(req.Value),
			Uses: []ExampleUse{{Op: op, Example: req, Schema: op.RequestSchema()}}}
		resp, paired := responses[req.Name]
		if paired {
			c.Uses = append(c.Uses, ExampleUse{Op: op, Status: status, Example: resp, Schema: op.ResponseSchema(status)})
			c.Fault = batchFault(&resp)
			c.vector = vectorOf{s, op}.batch(req, resp)
		}
		c.run = func(ctx context.Context, r *serverRun) error {
			if !paired {
				return fmt.Errorf("no %s response example is named %q like the request example", status, req.Name)
			}
			if err := r.start(c.Fault); err != nil {
				return err
			}
			defer r.close()
			for _, item := range req.Collection {
				if _, err := r.create(ctx, asObject(item)); err != nil {
					return err
				}
			}
			body := r.batchBody(req.Value)
			res, err := r.call(ctx, op, "", nil, body)
			if err != nil {
				return err
			}
			if err := expectStatus(res, status); err != nil {
				return err
			}
			return r.expectBatch(res, body, r.withIDs(resp.Value))
		}
		cases = append(cases, c)
	}
	return cases
}

// batch is the vector of a batch request example and its paired response
// example: the configuration holding the x-collection, then the batch,
// sent with the answers' Client-Request-Id and, on each request answered
// 429, the fault header of its Retry-After (the vectors' emulator does not
// throttle). The answers may come in any order; each has a Request-Id of
// its own, and its body the Generated rule of its own operation.
func (b vectorOf) batch(req, resp specdoc.Example) Vector {
	v := Vector{Setup: []Step{b.reset()}}
	for _, item := range req.Collection {
		v.Setup = append(v.Setup, b.create(item))
	}
	body := clone(req.Value)
	requests := map[string]map[string]any{}
	for _, r := range batchRequests(body) {
		requests[fmt.Sprint(r["id"])] = r
	}
	want := canonical(resp.Value)
	answers, _ := asObject(want)["responses"].([]any)
	slices.SortStableFunc(answers, func(x, y any) int {
		return strings.Compare(fmt.Sprint(asObject(x)["id"]), fmt.Sprint(asObject(y)["id"]))
	})
	rules := []Rule{{Pointer: "/responses", Rule: RuleAnyOrder, Value: "id"}}
	clientRequestID := ""
	for i, a := range answers {
		answer, at := asObject(a), fmt.Sprintf("/responses/%d", i)
		request := requests[fmt.Sprint(answer["id"])]
		headers := asObject(answer["headers"])
		for _, name := range slices.Sorted(maps.Keys(headers)) {
			switch http.CanonicalHeaderKey(name) {
			case "Request-Id":
				rules = append(rules, Rule{Pointer: at + "/headers/" + pointerEscape(name), Rule: RuleGUID})
			case "Client-Request-Id":
				clientRequestID = fmt.Sprint(headers[name])
			case "Retry-After":
				if request != nil {
					itemHeaders := asObject(request["headers"])
					if itemHeaders == nil {
						itemHeaders = map[string]any{}
						request["headers"] = itemHeaders
					}
					itemHeaders["X-Emulator-Fault"] = fmt.Sprintf("%v; retry-after=%v", answer["status"], headers[name])
				}
			}
		}
		answerBody, has := answer["body"]
		switch {
		case !has:
		case asObject(answerBody)["error"] != nil:
			// The answer's Request-Id is in its headers, not the batch's.
			rules = append(rules, Rule{Pointer: at + "/body/error/innerError/request-id", Rule: RuleGUID})
			rules = append(rules, errorRules(at + "/body")[1:]...)
		default:
			_, hasID := asObject(request["body"])["id"]
			created := strings.EqualFold(fmt.Sprint(request["method"]), http.MethodPost) && fmt.Sprint(answer["status"]) == "201" && !hasID
			rules = append(rules, generatedRules(answerBody, at+"/body", created)...)
		}
	}
	v.Step = b.step(b.op, "", nil, body)
	if clientRequestID != "" {
		v.Headers = map[string]string{"client-request-id": clientRequestID}
	}
	v.Expect = Expect{Status: atoi(b.op.SuccessStatus()), MediaType: "application/json", Body: want, MayDiffer: rules}
	return v
}

// batchBody is an example batch on the run's configuration: each URL names
// the run's configuration, and each assignment the case created with an id
// the server changed has the server's id, in URLs and bodies alike.
func (r *serverRun) batchBody(example any) any {
	raw, err := json.Marshal(example)
	if err != nil {
		return example
	}
	text := strings.ReplaceAll(string(raw), specdoc.ExampleConfigID(), r.config)
	for from, to := range r.ids {
		text = strings.ReplaceAll(text, from, to)
	}
	var out any
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return example
	}
	return out
}

// expectBatch requires the batch response res, to the batch body sent, to
// hold the answers of want, a response example: one answer per request,
// each with the example's status, headers and body (in any order, as a
// batch's answers come).
func (r *serverRun) expectBatch(res *spectest.Response, sent, want any) error {
	var got any
	if err := json.Unmarshal(res.Body, &got); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	gotByID := map[string]map[string]any{}
	gotAnswers, _ := asObject(got)["responses"].([]any)
	for _, a := range gotAnswers {
		gotByID[fmt.Sprint(asObject(a)["id"])] = asObject(a)
	}
	requests := map[string]map[string]any{}
	for _, req := range batchRequests(sent) {
		requests[fmt.Sprint(req["id"])] = req
	}
	batchCRID := res.Header.Get("client-request-id")
	var problems []string
	wantAnswers, _ := asObject(want)["responses"].([]any)
	for _, w := range wantAnswers {
		wa := asObject(w)
		id := fmt.Sprint(wa["id"])
		ga, ok := gotByID[id]
		if !ok {
			problems = append(problems, fmt.Sprintf("request %s: no answer", id))
			continue
		}
		delete(gotByID, id)
		if p := compareAnswer(wa, ga, requests[id], batchCRID, r.config); p != "" {
			problems = append(problems, fmt.Sprintf("request %s: %s", id, p))
		}
	}
	for id := range gotByID {
		problems = append(problems, fmt.Sprintf("request %s: an answer the example does not have", id))
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// compareAnswer compares one answer of a batch with the example's: the
// status, the headers by name (any case) and the body under the Generated
// rule of the request's own operation. The server makes up the values of
// Request-Id (a GUID of the request's own) and Retry-After (a wait); the
// Client-Request-Id of every answer is the batch's.
func compareAnswer(want, got, req map[string]any, batchCRID, configID string) string {
	var problems []string
	if w, g := want["status"], got["status"]; fmt.Sprint(w) != fmt.Sprint(g) {
		problems = append(problems, fmt.Sprintf("status %v, want %v", g, w))
	}
	wantHeaders, gotHeaders := headerMap(want["headers"]), headerMap(got["headers"])
	for name, w := range wantHeaders {
		g, ok := gotHeaders[name]
		delete(gotHeaders, name)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("no %s header", name))
		case name == "Request-Id":
			if _, err := uuid.Parse(g); err != nil {
				problems = append(problems, fmt.Sprintf("Request-Id %q is not a GUID", g))
			}
		case name == "Client-Request-Id":
			if g != batchCRID {
				problems = append(problems, fmt.Sprintf("Client-Request-Id %q, want the batch's %q", g, batchCRID))
			}
		case name == "Retry-After":
			if secs, err := strconv.ParseFloat(g, 64); err != nil || secs < 0 {
				problems = append(problems, fmt.Sprintf("Retry-After %q is not a number of seconds", g))
			}
		case g != w:
			problems = append(problems, fmt.Sprintf("%s %q, want %q", name, g, w))
		}
	}
	for name := range gotHeaders {
		problems = append(problems, fmt.Sprintf("a %s header the example does not have", name))
	}
	wantBody, wantHas := want["body"]
	gotBody, gotHas := got["body"]
	switch {
	case wantHas != gotHas:
		problems = append(problems, fmt.Sprintf("body %v, want %v", gotBody, wantBody))
	case wantHas:
		_, hasID := asObject(req["body"])["id"]
		created := strings.EqualFold(fmt.Sprint(req["method"]), http.MethodPost) && fmt.Sprint(got["status"]) == "201" && !hasID
		gen := Generated{ID: created, RequestID: headerMap(got["headers"])["Request-Id"], ClientRequestID: batchCRID, ConfigID: configID}
		if diff := Compare(wantBody, gotBody, gen); diff != "" {
			problems = append(problems, diff)
		}
	}
	return strings.Join(problems, "; ")
}

// headerMap reads the headers of an answer, by canonical name.
func headerMap(v any) map[string]string {
	out := map[string]string{}
	for name, value := range asObject(v) {
		out[http.CanonicalHeaderKey(name)] = fmt.Sprint(value)
	}
	return out
}

// trackBatch records the assignments that the creates inside a batch
// response made, so that they are deleted after the case.
func (r *serverRun) trackBatch(res *spectest.Response) {
	answers, err := spectest.BatchAnswers(res)
	if err != nil {
		return
	}
	for _, a := range answers {
		r.track(a)
	}
}
