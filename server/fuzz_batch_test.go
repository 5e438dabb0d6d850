package server_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// The batches of the seed corpus: FuzzServer sends them to /beta/$batch
// (the targetBeta template with the segment "$batch"), and checks each
// answer inside a batch's response against the spec, as it checks the
// response.

// seedBatch is a batch of requests (each a JSON object) sent as the writer.
func seedBatch(headers string, requests ...string) fuzzInput {
	return seedBatchBody(headers, `{"requests":[`+strings.Join(requests, ",")+`]}`)
}

// seedBatchBody is a batch body, any bytes, sent as the writer.
func seedBatchBody(headers, body string) fuzzInput {
	return fuzzInput{method: 1, target: targetBeta, segment: "$batch", headers: headers, auth: authWriter, body: []byte(body)}
}

// batchItem is one request of a batch, relative to knownConfig's
// assignments: rel is appended to their path ("", "/id", "/$count?...").
func batchItem(id, method, rel string, extra ...string) string {
	members := []string{
		fmt.Sprintf(`"id":%q`, id),
		fmt.Sprintf(`"method":%q`, method),
		fmt.Sprintf(`"url":%q`, specdoc.AssignmentsPath(knownConfig)+rel),
	}
	return "{" + strings.Join(append(members, extra...), ",") + "}"
}

// jsonItemBody are the members of a request of a batch with a JSON body.
func jsonItemBody(body string) []string {
	return []string{`"headers":{"Content-Type":"application/json"}`, `"body":` + body}
}

// batchSeeds are the seeds of the batch rules and of what a request inside
// a batch can get wrong.
func batchSeeds() []fuzzInput {
	create := func(id string) string { return batchItem(id, "POST", "", jsonItemBody(allDevices)...) }
	get := func(id, rel string) string { return batchItem(id, "GET", rel) }
	many := func(n int) []string {
		items := make([]string, n)
		for i := range items {
			items[i] = get(fmt.Sprint(i+1), "")
		}
		return items
	}
	withURL := func(id, method, url string, extra ...string) string {
		b, _ := json.Marshal(url)
		return "{" + strings.Join(append([]string{fmt.Sprintf(`"id":%q,"method":%q,"url":%s`, id, method, b)}, extra...), ",") + "}"
	}
	seeds := []fuzzInput{
		// Each operation in one batch, and chained.
		seedBatch(jsonHeader, create("1"), get("2", "/"+existingID), get("3", "/$count"),
			batchItem("4", "PATCH", "/"+secondID, jsonItemBody(groupTarget)...), batchItem("5", "DELETE", "/third"),
			get("6", "?$top=1&$count=true")),
		seedBatch(jsonHeader, create("1"), batchItem("2", "GET", "", `"dependsOn":["1"]`), batchItem("3", "DELETE", "/"+existingID, `"dependsOn":["2"]`)),
		seedBatch(jsonHeader, withURL("1", "POST", strings.TrimPrefix(specdoc.AssignPath(knownConfig), "/"), jsonItemBody(`{"enrollmentConfigurationAssignments":[]}`)...)),
		seedBatch(jsonHeader),
		// The limits: 20 requests, 21.
		seedBatch(jsonHeader, many(20)...),
		seedBatch(jsonHeader, many(21)...),
		// Ids and dependencies.
		seedBatch(jsonHeader, get("a", ""), get("A", "")),
		seedBatch(jsonHeader, get("1", ""), get("1", "")),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"dependsOn":["2"]`), get("2", "")),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"dependsOn":["nope"]`)),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"dependsOn":["1"]`)),
		seedBatch(jsonHeader, get("x", "/no-such-id"), batchItem("y", "GET", "", `"dependsOn":["X"]`)),
		seedBatch(jsonHeader, get("1", ""), batchItem("2", "GET", "", `"dependsOn":[]`), batchItem("3", "GET", "", `"dependsOn":["1","2"]`)),
		seedBatch(jsonHeader, get("", "")),
		seedBatch(jsonHeader, `{"id":"1","method":"GET"}`),
		seedBatch(jsonHeader, `{"id":1,"method":"GET","url":"x"}`),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"depends_on":["0"]`, `"atomicityGroup":"g"`)),
		// URLs.
		seedBatch(jsonHeader, withURL("1", "GET", "/beta"+specdoc.AssignmentsPath(knownConfig))),
		seedBatch(jsonHeader, withURL("1", "GET", "v1.0"+specdoc.AssignmentsPath(knownConfig))),
		seedBatch(jsonHeader, withURL("1", "GET", "https://graph.microsoft.com/beta"+specdoc.AssignmentsPath(knownConfig))),
		seedBatch(jsonHeader, withURL("1", "POST", "$batch", jsonItemBody(`{"requests":[]}`)...)),
		seedBatch(jsonHeader, withURL("1", "POST", "/%24BATCH", jsonItemBody(`{"requests":[]}`)...)),
		seedBatch(jsonHeader, withURL("1", "GET", "/healthz"), withURL("2", "GET", "../openapi.json"), withURL("3", "GET", "//x/y")),
		seedBatch(jsonHeader, withURL("1", "GET", "/me"), withURL("2", "GET", ""), withURL("3", "GET", "%zz"), withURL("4", "GET", "a:b")),
		seedBatch(jsonHeader, get("1", "?$filter=source eq 'direct'&$select=id"), get("2", "?$top=0"), get("3", "?$expand=target")),
		seedBatch(jsonHeader, withURL("1", "GET", strings.ToLower(specdoc.AssignmentsPath(knownConfig)))),
		// Methods.
		seedBatch(jsonHeader, batchItem("1", "get", ""), batchItem("2", "GE T", ""), batchItem("3", "OPTIONS", ""), batchItem("4", "HEAD", "")),
		seedBatch(jsonHeader, batchItem("1", "PUT", "", jsonItemBody(allDevices)...)),
		// Bodies and headers of the requests inside.
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"body":`+allDevices)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"text/plain"}`, `"body":"dGV4dA=="`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"application/octet-stream"}`, `"body":"`+base64.URLEncoding.EncodeToString([]byte(allDevices))+`"`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"image/png"}`, `"body":"not base64!"`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"application/json"}`, `"body":"x"`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"content-type":"application/json","Content-Encoding":"gzip"}`, `"body":`+allDevices)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"application/json"}`, `"body":{"target":{"@odata.type":"#microsoft.graph.userAssignmentTarget"}}`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"application/json"}`, `"body":null`)),
		seedBatch(jsonHeader, batchItem("1", "POST", "", `"headers":{"Content-Type":"application/json"}`, `"body":{"sourceId":"`+strings.Repeat("x", testBodyLimit/2)+`"}`)),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"headers":{"Authorization":"Bearer x","client-request-id":"mine","Host":"example.com"}`)),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"headers":{"X-Emulator-Fault":"503; retry-after=1"}`)),
		seedBatch(jsonHeader, batchItem("1", "GET", "", `"headers":{"a":1}`)),
		// The batch itself.
		seedBatch(jsonHeader+"\nclient-request-id: batch-correlation", get("1", ""), get("2", "/"+existingID)),
		seedBatch(jsonHeader+"\nContent-Encoding: gzip", create("1")).withEncoding(bodyGzip),
		seedBatch("Content-Type: text/plain", get("1", "")),
		seedBatch(jsonHeader, get("1", "")).withAuth(authReader),
		seedBatch(jsonHeader, create("1")).withAuth(authReader),
		seedBatch(jsonHeader, create("1")).withAuth(authAppOnly),
		seedBatch(jsonHeader, get("1", "")).withAuth(authNone),
		seedBatchBody(jsonHeader, `{"requests":{}}`),
		seedBatchBody(jsonHeader, `{"requests":null}`),
		seedBatchBody(jsonHeader, `{"requests":[],"requests":[]}`),
		seedBatchBody(jsonHeader, `[]`),
		seedBatchBody(jsonHeader, `{`),
		seedBatchBody(jsonHeader, `{"requests":[`+strings.Repeat(`{"id":"x","method":"GET","url":"`+strings.Repeat("a", 100)+`"},`, 40)+`{}]}`),
	}
	return seeds
}
