package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// batchPath is the batch's path on the emulator.
const batchPath = "/beta/$batch"

// item is one request of a batch; its url is relative to knownConfig's
// assignments unless it starts with "!", which gives the whole url.
func item(id, method, rel string, members ...any) map[string]any {
	url := specdoc.AssignmentsPath(knownConfig) + rel
	if whole, ok := strings.CutPrefix(rel, "!"); ok {
		url = whole
	}
	it := map[string]any{"id": id, "method": method, "url": url}
	for i := 0; i+1 < len(members); i += 2 {
		it[members[i].(string)] = members[i+1]
	}
	return it
}

// withBody is the members of a request with a JSON body.
func withBody(body any) []any {
	return []any{"headers", map[string]any{"Content-Type": "application/json"}, "body", body}
}

// allDevicesBody is an assignment to all devices, with id when not "".
func allDevicesBody(id string) map[string]any {
	b := map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}
	if id != "" {
		b["id"] = id
	}
	return b
}

// batch sends the requests as one batch with tok; the driver checks the
// response and each answer in it against the spec.
func (e *emulator) batch(t testing.TB, tok string, requests ...map[string]any) *spectest.Response {
	t.Helper()
	return e.do(t, spectest.Request{Method: http.MethodPost, Path: batchPath, Token: tok, Body: map[string]any{"requests": requests}})
}

// answers reads a batch's 200 response, by request id.
func answers(t testing.TB, resp *spectest.Response) map[string]*spectest.Response {
	t.Helper()
	if resp.Status != http.StatusOK {
		t.Fatalf("batch: status %d: %s", resp.Status, resp.Body)
	}
	a, err := spectest.BatchAnswers(resp)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestBatchRules drives each of Graph's rules for a batch, over HTTP: the
// batch's own status, and each answer's status and Graph error code.
func TestBatchRules(t *testing.T) {
	tok := writer(t)
	many := func(n int) []map[string]any {
		items := make([]map[string]any, n)
		for i := range items {
			items[i] = item(strconv.Itoa(i+1), "GET", "/$count")
		}
		return items
	}
	beta := "/beta" + specdoc.AssignmentsPath(knownConfig)
	tests := []struct {
		name     string
		requests []map[string]any
		status   int               // the batch's
		message  string            // the batch's error message, for a 400
		answers  map[string]int    // each request's status
		codes    map[string]string // and Graph error code, for errors
	}{
		{name: "20 requests", requests: many(20), status: 200, answers: func() map[string]int {
			m := map[string]int{}
			for i := 1; i <= 20; i++ {
				m[strconv.Itoa(i)] = 200
			}
			return m
		}()},
		{name: "21 requests", requests: many(21), status: 400, message: "Number of requests inside batch exceeds the limit."},
		{name: "no requests", requests: []map[string]any{}, status: 200, answers: map[string]int{}},
		{name: "ids differing in case only", requests: []map[string]any{item("a", "GET", ""), item("A", "GET", "")}, status: 400,
			message: "Request Id A has to be unique in a batch."},
		{name: "a dependency on a later request", requests: []map[string]any{item("1", "GET", "", "dependsOn", []string{"2"}), item("2", "GET", "")},
			status: 400, message: "Invalid dependency for request Id 1. It depends on 2, which is not a request before it in the batch."},
		{name: "a dependency on an unknown id", requests: []map[string]any{item("1", "GET", ""), item("2", "GET", "", "dependsOn", []string{"x"})},
			status: 400, message: "Invalid dependency for request Id 2. It depends on x, which is not a request before it in the batch."},
		{name: "a dependency on itself", requests: []map[string]any{item("1", "GET", "", "dependsOn", []string{"1"})},
			status: 400, message: "Invalid dependency for request Id 1."},
		{name: "dependencies name ids in any case", requests: []map[string]any{item("Read", "GET", ""), item("2", "GET", "", "dependsOn", []string{"rEAD"})},
			status: 200, answers: map[string]int{"Read": 200, "2": 200}},
		{name: "a failed dependency", requests: []map[string]any{item("1", "GET", "/no-such-id"), item("2", "GET", "", "dependsOn", []string{"1"}), item("3", "GET", "", "dependsOn", []string{"2"})},
			status: 200, answers: map[string]int{"1": 404, "2": 424, "3": 424}, codes: map[string]string{"1": "ResourceNotFound", "2": "FailedDependency", "3": "FailedDependency"}},
		{name: "a bad body fails its request only", requests: []map[string]any{item("1", "POST", "", withBody(map[string]any{"color": "blue"})...), item("2", "POST", "", withBody(allDevicesBody(""))...)},
			status: 200, answers: map[string]int{"1": 400, "2": 201}, codes: map[string]string{"1": "BadRequest"}},
		{name: "a body without Content-Type", requests: []map[string]any{item("1", "POST", "", "body", allDevicesBody(""))},
			status: 200, answers: map[string]int{"1": 415}, codes: map[string]string{"1": "UnsupportedMediaType"}},
		{name: "a body of another media type, in base64", requests: []map[string]any{item("1", "POST", "", "headers", map[string]any{"Content-Type": "text/plain"}, "body", base64.URLEncoding.EncodeToString([]byte("x")))},
			status: 200, answers: map[string]int{"1": 415}, codes: map[string]string{"1": "UnsupportedMediaType"}},
		{name: "a body that is not base64", requests: []map[string]any{item("1", "POST", "", "headers", map[string]any{"Content-Type": "image/png"}, "body", "not base64!")},
			status: 200, answers: map[string]int{"1": 400}, codes: map[string]string{"1": "BadRequest"}},
		{name: "a nested batch", requests: []map[string]any{item("1", "POST", "!/$batch", withBody(map[string]any{"requests": []any{}})...), item("2", "POST", "!$BATCH", withBody(map[string]any{"requests": []any{}})...)},
			status: 200, answers: map[string]int{"1": 400, "2": 400}, codes: map[string]string{"1": "BadRequest", "2": "BadRequest"}},
		{name: "URLs with and without a leading slash", requests: []map[string]any{item("1", "GET", "!"+specdoc.AssignmentsPath(knownConfig)), item("2", "GET", "!"+strings.TrimPrefix(specdoc.AssignmentsPath(knownConfig), "/"))},
			status: 200, answers: map[string]int{"1": 200, "2": 200}},
		{name: "a URL that keeps the version", requests: []map[string]any{item("1", "GET", ""), item("2", "GET", "!"+beta)}, status: 400, message: "Invalid batch payload format."},
		{name: "a URL that keeps another version", requests: []map[string]any{item("1", "GET", "!v1.0"+specdoc.AssignmentsPath(knownConfig))}, status: 400, message: "Invalid batch payload format."},
		{name: "an absolute URL", requests: []map[string]any{item("1", "GET", "!https://graph.microsoft.com"+beta), item("2", "GET", "")},
			status: 200, answers: map[string]int{"1": 400, "2": 200}, codes: map[string]string{"1": "BadRequest"}},
		{name: "a path of no operation", requests: []map[string]any{item("1", "GET", "!/me"), item("2", "GET", "!/healthz")},
			status: 200, answers: map[string]int{"1": 404, "2": 404}, codes: map[string]string{"1": "ResourceNotFound", "2": "ResourceNotFound"}},
		{name: "a method the path does not take", requests: []map[string]any{item("1", "PUT", "", withBody(allDevicesBody(""))...), item("2", "get", "")},
			status: 200, answers: map[string]int{"1": 405, "2": 405}, codes: map[string]string{"1": "MethodNotAllowed", "2": "MethodNotAllowed"}},
		{name: "an invalid query option", requests: []map[string]any{item("1", "GET", "?$top=0"), item("2", "GET", "?$expand=target")},
			status: 200, answers: map[string]int{"1": 400, "2": 400}, codes: map[string]string{"1": "BadRequest", "2": "BadRequest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := startEmulator(t)
			resp := emu.batch(t, tok, tt.requests...)
			if tt.status != http.StatusOK {
				ge := checkGraphError(t, resp, tt.status, "BadRequest")
				if !strings.HasPrefix(ge.Error.Message, tt.message) {
					t.Errorf("message %q, want %q", ge.Error.Message, tt.message)
				}
				return
			}
			got := answers(t, resp)
			if len(got) != len(tt.answers) {
				t.Errorf("%d answers, want %d: %s", len(got), len(tt.answers), resp.Body)
			}
			for id, status := range tt.answers {
				a := got[id]
				if a == nil {
					t.Errorf("request %s: no answer", id)
					continue
				}
				if a.Status != status {
					t.Errorf("request %s: status %d, want %d: %s", id, a.Status, status, a.Body)
				}
				if code := tt.codes[id]; code != "" {
					checkAnswerError(t, resp, a, status, code)
				}
			}
		})
	}
}

// checkAnswerError requires an answer of a batch to be Graph's error, with
// the batch's client-request-id and a request-id of its own.
func checkAnswerError(t testing.TB, batch, a *spectest.Response, status int, code string) {
	t.Helper()
	checkGraphError(t, a, status, code)
	if got, want := a.Header.Get("client-request-id"), batch.Header.Get("client-request-id"); got != want {
		t.Errorf("client-request-id %q, want the batch's %q", got, want)
	}
	if a.Header.Get("request-id") == batch.Header.Get("request-id") {
		t.Errorf("the answer has the batch's request-id %q, want one of its own", a.Header.Get("request-id"))
	}
}

// TestBatchFailedDependencyIsNotRun checks that a request whose dependency
// failed changes nothing: the delete after a failed read leaves the
// assignment.
func TestBatchFailedDependencyIsNotRun(t *testing.T) {
	emu := startEmulator(t)
	tok := writer(t)
	emu.create(t, allDevicesBody(existingID))
	got := answers(t, emu.batch(t, tok,
		item("read", "GET", "/no-such-id"),
		item("delete", "DELETE", "/"+existingID, "dependsOn", []string{"read"})))
	if got["delete"].Status != http.StatusFailedDependency {
		t.Fatalf("delete answered %d, want 424", got["delete"].Status)
	}
	if resp := emu.do(t, spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, existingID), Token: tok}); resp.Status != http.StatusOK {
		t.Errorf("the assignment is gone (%d): the request that depended on a failed one ran", resp.Status)
	}
}

// TestBatchPermissions sends a batch with a token that may only read: the
// batch is served, the read answers 200 and the create 403, each checked
// as on its own.
func TestBatchPermissions(t *testing.T) {
	emu := startEmulator(t)
	reader := token(t, auth.TokenOptions{Scopes: []string{readOnly}})
	resp := emu.batch(t, reader, item("read", "GET", ""), item("create", "POST", "", withBody(allDevicesBody(""))...))
	got := answers(t, resp)
	if got["read"].Status != http.StatusOK {
		t.Errorf("read answered %d, want 200", got["read"].Status)
	}
	checkAnswerError(t, resp, got["create"], http.StatusForbidden, "Forbidden")

	// No token: the batch itself is refused, as any request without one.
	checkGraphError(t, emu.batch(t, "", item("read", "GET", "")), http.StatusUnauthorized, "InvalidAuthenticationToken")
	// A personal account's token: the batch takes it, the API does not.
	personal := token(t, auth.TokenOptions{Scopes: []string{readWrite}, TenantID: auth.PersonalAccountTenantID})
	resp = emu.batch(t, personal, item("read", "GET", ""))
	checkAnswerError(t, resp, answers(t, resp)["read"], http.StatusForbidden, "Forbidden")
}

// TestBatchThrottling throttles at Intune's limits, made small: each
// request of a batch counts as a request of its own, a throttled one
// answers its own 429 with Retry-After in its headers, and the batch
// answers 200.
func TestBatchThrottling(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) {
		c.Resilience.IntuneThrottle = &resilience.IntuneThrottleConfig{Window: time.Hour, WritesPerAppPerTenant: 2, RequestsPerAppPerTenant: 4}
	})
	tok := writer(t)
	// Three creates at once: two writes get through. And a read.
	resp := emu.batch(t, tok,
		item("1", "POST", "", withBody(allDevicesBody(""))...),
		item("2", "POST", "", withBody(allDevicesBody(""))...),
		item("3", "POST", "", withBody(allDevicesBody(""))...),
		item("4", "GET", "/$count"))
	got := answers(t, resp)
	created, throttled := 0, 0
	for _, id := range []string{"1", "2", "3"} {
		switch a := got[id]; a.Status {
		case http.StatusCreated:
			created++
		case http.StatusTooManyRequests:
			throttled++
			checkAnswerError(t, resp, a, http.StatusTooManyRequests, "TooManyRequests")
			if secs, err := strconv.ParseFloat(a.Header.Get("Retry-After"), 64); err != nil || secs <= 0 {
				t.Errorf("request %s: Retry-After %q, want seconds", id, a.Header.Get("Retry-After"))
			}
		default:
			t.Errorf("request %s answered %d, want 201 or 429", id, a.Status)
		}
	}
	if created != 2 || throttled != 1 {
		t.Errorf("%d created and %d throttled, want 2 and 1 (two writes per app)", created, throttled)
	}
	if got["4"].Status != http.StatusOK {
		t.Errorf("the read answered %d, want 200", got["4"].Status)
	}
	// The writes are used up: a create is throttled, and the request that
	// depends on it does not run.
	resp = emu.batch(t, tok, item("create", "POST", "", withBody(allDevicesBody(""))...), item("read", "GET", "", "dependsOn", []string{"create"}))
	got = answers(t, resp)
	checkAnswerError(t, resp, got["create"], http.StatusTooManyRequests, "TooManyRequests")
	checkAnswerError(t, resp, got["read"], http.StatusFailedDependency, "FailedDependency")
	// Three requests were admitted (two creates and a read), of four per
	// app; the batches themselves are not requests of Intune's.
	list := spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig), Token: tok}
	if resp := emu.do(t, list); resp.Status != http.StatusOK {
		t.Fatalf("the first request after the batches answered %d, want 200", resp.Status)
	}
	checkGraphError(t, emu.do(t, list), http.StatusTooManyRequests, "TooManyRequests")
}

// TestBatchRequestsAreServedAsOnTheirOwn sends each operation on its own
// and in a batch, to two emulators in the same state: every answer is the
// same, status, headers (but its request-id) and body. The requests that
// see each other's changes are chained, so that the batch runs them in the
// order they are sent on their own.
func TestBatchRequestsAreServedAsOnTheirOwn(t *testing.T) {
	tok := writer(t)
	requests := []map[string]any{
		item("create", "POST", "", withBody(allDevicesBody("0a0b0c0d-0000-4000-8000-000000000001"))...),
		item("get", "GET", "/"+existingID+"?$select=id,target"),
		item("list", "GET", "?$top=1&$count=true", "dependsOn", []string{"create"}),
		item("count", "GET", "/$count?$filter=source%20eq%20'direct'", "dependsOn", []string{"list"}),
		item("update", "PATCH", "/"+existingID, append(withBody(map[string]any{"source": "policySets", "sourceId": "s"}), "dependsOn", []string{"get", "count"})...),
		item("missing", "DELETE", "/no-such-id"),
		item("delete", "DELETE", "/"+existingID, "dependsOn", []string{"update"}),
		item("invalid", "POST", "", withBody(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.userAssignmentTarget"}})...),
		item("assign", "POST", "!"+specdoc.AssignPath(otherConfig), withBody(map[string]any{"enrollmentConfigurationAssignments": []any{allDevicesBody("")}})...),
	}
	direct, batched := startEmulator(t), startEmulator(t)
	for _, e := range []*emulator{direct, batched} {
		e.create(t, allDevicesBody(existingID))
	}
	got := answers(t, batched.batch(t, tok, requests...))
	for _, r := range requests {
		id := r["id"].(string)
		q := spectest.Request{Method: r["method"].(string), Path: direct.URL + "/beta" + r["url"].(string), Token: tok}
		if body, ok := r["body"]; ok {
			q.Body = body
		}
		want := direct.do(t, q)
		a := got[id]
		if a.Status != want.Status {
			t.Errorf("%s: status %d in the batch, %d on its own", id, a.Status, want.Status)
		}
		for name := range want.Header {
			switch name {
			case "Request-Id", "Content-Length", "Date", "Client-Request-Id":
				continue
			}
			if a.Header.Get(name) != want.Header.Get(name) {
				t.Errorf("%s: %s %q in the batch, %q on its own", id, name, a.Header.Get(name), want.Header.Get(name))
			}
		}
		if got, want := comparable(a, batched), comparable(want, direct); got != want {
			t.Errorf("%s: body in the batch\n%s\non its own\n%s", id, got, want)
		}
	}
}

// comparable is the body of an answer of e without what differs from one
// answer to the next: the server's address, the request ids and the date;
// JSON is compacted.
func comparable(resp *spectest.Response, e *emulator) string {
	body := resp.Body
	var compact bytes.Buffer
	if json.Compact(&compact, body) == nil {
		body = compact.Bytes()
	}
	s := strings.ReplaceAll(string(body), e.URL, "<root>")
	for _, id := range []string{resp.Header.Get("request-id"), resp.Header.Get("client-request-id")} {
		if id != "" {
			s = strings.ReplaceAll(s, id, "<id>")
		}
	}
	if i := strings.Index(s, `"date":"`); i >= 0 {
		s = s[:i] + `"date":"<date>"` + s[i+len(`"date":"2006-01-02T15:04:05Z"`):]
	}
	return s
}

// TestBatchIsolatesItsRequests checks that what the batch's own checks
// learnt does not reach its requests: a null member of the batch's body is
// not a null sent by a PATCH inside it.
func TestBatchIsolatesItsRequests(t *testing.T) {
	emu := startEmulator(t)
	tok := writer(t)
	emu.create(t, map[string]any{"id": existingID, "target": allDevicesBody("")["target"], "sourceId": "kept"})
	body := map[string]any{
		"requests": []any{item("1", "PATCH", "/"+existingID, withBody(map[string]any{"source": "policySets"})...)},
		"sourceId": nil,
	}
	resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: batchPath, Token: tok, Body: body})
	var patched struct {
		SourceID *string `json:"sourceId"`
	}
	if err := answers(t, resp)["1"].Decode(&patched); err != nil {
		t.Fatal(err)
	}
	if patched.SourceID == nil || *patched.SourceID != "kept" {
		t.Errorf("sourceId %v after a PATCH that did not name it, want \"kept\"", patched.SourceID)
	}
}

// TestBatchBodyLimit holds the batch to the body limit of every request.
func TestBatchBodyLimit(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.MaxBodyBytes = testBodyLimit })
	big := map[string]any{"sourceId": strings.Repeat("x", testBodyLimit)}
	checkGraphError(t, emu.batch(t, writer(t), item("1", "PATCH", "/"+existingID, withBody(big)...)), http.StatusRequestEntityTooLarge, "RequestEntityTooLarge")
	resp := emu.do(t, spectest.Request{Method: http.MethodPost, Path: batchPath, Token: writer(t), Body: `{"requests":[]}`, ContentType: "text/plain"})
	checkGraphError(t, resp, http.StatusUnsupportedMediaType, "UnsupportedMediaType")
}

// TestBatchFaults injects faults into requests of a batch: a status fault
// answers that request only; a fault that drops the connection drops the
// batch's, which carries it.
func TestBatchFaults(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.Resilience.AllowFaultHeaders, c.Resilience.Metrics = true, true })
	tok := writer(t)
	fault := func(v string) []any { return []any{"headers", map[string]any{resilience.HeaderFault: v}} }
	resp := emu.batch(t, tok, item("1", "GET", "", fault("503; retry-after=7")...), item("2", "GET", ""))
	got := answers(t, resp)
	checkAnswerError(t, resp, got["1"], http.StatusServiceUnavailable, "ServiceUnavailable")
	if got["1"].Header.Get("Retry-After") != "7" || got["2"].Status != http.StatusOK {
		t.Errorf("answers %d (Retry-After %q) and %d, want 503 (7) and 200", got["1"].Status, got["1"].Header.Get("Retry-After"), got["2"].Status)
	}
	// The fault header of the batch itself is not the API's: ignored.
	resp = emu.do(t, spectest.Request{Method: http.MethodPost, Path: batchPath, Token: tok, Body: map[string]any{"requests": []any{item("1", "GET", "")}},
		Header: map[string]string{resilience.HeaderFault: "500"}})
	if answers(t, resp)["1"].Status != http.StatusOK {
		t.Errorf("the batch's fault header reached its request: %s", resp.Body)
	}
	for _, kind := range []string{"reset", "truncate"} {
		req, _, err := emu.driver.NewRequest(t.Context(), spectest.Request{Method: http.MethodPost, Path: emu.URL + batchPath, Token: tok,
			Body: map[string]any{"requests": []any{item("1", "GET", "", fault(kind)...)}}})
		if err != nil {
			t.Fatal(err)
		}
		if resp, err := emu.driver.Send(req); err == nil {
			t.Errorf("%s: the batch answered %d, want its connection dropped", kind, resp.Status)
		}
	}
	// A reset or a cut the emulator was asked for is no failure of its
	// own: no 500 is made of it, the batch is counted as reset, and the
	// request inside it and the batch have their access log lines, marked
	// aborted.
	logs := emu.logs.String()
	if strings.Contains(logs, `"status":500`) {
		t.Errorf("a requested reset or cut was answered or logged as a 500:\n%s", logs)
	}
	if n := strings.Count(logs, `"aborted":true`); n != 4 {
		t.Errorf("%d access log lines marked aborted, want 4 (two batches and their requests):\n%s", n, logs)
	}
	metrics := string(emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/metrics"}).Body)
	for _, want := range []string{
		`intune_emulator_requests_total{operation="batch",status="reset"} 2`,
		`intune_emulator_requests_total{operation="listAssignments",status="reset"} 1`,
		`intune_emulator_requests_total{operation="listAssignments",status="truncated"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestBatchIsMeasured counts a batch and each request inside it, in the
// metrics and the access log.
func TestBatchIsMeasured(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.Resilience.Metrics = true })
	tok := writer(t)
	resp := emu.batch(t, tok,
		item("1", "POST", "", withBody(allDevicesBody(""))...),
		item("2", "POST", "", withBody(allDevicesBody(""))...),
		item("3", "GET", "/no-such-id"),
		item("4", "GET", "", "dependsOn", []string{"3"}))
	answers(t, resp)
	metrics := emu.do(t, spectest.Request{Method: http.MethodGet, Path: "/metrics"})
	for _, want := range []string{
		`intune_emulator_requests_total{operation="batch",status="200"} 1`,
		`intune_emulator_requests_total{operation="createAssignment",status="201"} 2`,
		`intune_emulator_requests_total{operation="getAssignment",status="404"} 1`,
	} {
		if !strings.Contains(string(metrics.Body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	logs := emu.logs.String()
	lines := strings.Count(logs, `"client_request_id":"`+resp.Header.Get("client-request-id")+`"`)
	// The batch and the three requests it ran; the fourth did not run.
	if lines != 4 {
		t.Errorf("%d access log lines with the batch's client-request-id, want 4:\n%s", lines, logs)
	}
	if !strings.Contains(logs, fmt.Sprintf(`"path":%q`, batchPath)) {
		t.Errorf("no access log line of the batch:\n%s", logs)
	}
}
