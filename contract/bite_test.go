package contract_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// The contract checks must report a broken binding, by name: these tests
// break each side on purpose and require the report.

func TestServerCheckReportsDroppedTarget(t *testing.T) {
	suite := loadSuite(t)
	broken := emulator
	broken.NewHandler = func(fault contract.Fault) (http.Handler, error) {
		h, err := emulator.NewHandler(fault)
		if err != nil {
			return nil, err
		}
		// The server drops the target of every assignment it answers with.
		return spectest.RewriteJSON(func(obj map[string]any) { delete(obj, "target") })(h), nil
	}
	checked := 0
	for _, c := range suite.ServerCases() {
		if c.Op.OperationID != "createAssignment" && c.Op.OperationID != "getAssignment" && c.Op.OperationID != "updateAssignment" {
			continue
		}
		if strings.Count(c.Name, "/") != 2 { // success cases only: opId/server/example
			continue
		}
		checked++
		err := suite.RunServer(context.Background(), broken, c)
		if err == nil {
			t.Errorf("%s: a server that drops target passed the contract", c.Name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.Name) || !strings.Contains(msg, `"target"`) {
			t.Errorf("%s: the report does not name the case and the property:\n%v", c.Name, err)
		}
	}
	if checked == 0 {
		t.Fatal("no success case of an operation that returns an assignment")
	}
}

// wrongTargetType rewrites the target's @odata.type in every request body,
// as a client with a wrong constant would send it.
type wrongTargetType struct{ next http.RoundTripper }

func (w wrongTargetType) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		raw, _ := io.ReadAll(r.Body)
		raw = bytes.ReplaceAll(raw, []byte(`"@odata.type":"microsoft.graph.`), []byte(`"@odata.type":"microsoft.graph.wrong`))
		raw = bytes.ReplaceAll(raw, []byte(`"@odata.type":"#microsoft.graph.`), []byte(`"@odata.type":"#microsoft.graph.wrong`))
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(raw))
		r.ContentLength = int64(len(raw))
	}
	return w.next.RoundTrip(r)
}

func TestClientCheckReportsWrongODataType(t *testing.T) {
	suite := loadSuite(t)
	hc := &http.Client{Transport: wrongTargetType{next: http.DefaultTransport}}
	checked := 0
	for _, c := range suite.ClientCases() {
		if c.Op.OperationID != "createAssignment" || strings.Count(c.Name, "/") != 2 {
			continue
		}
		checked++
		err := suite.RunClient(context.Background(), c, client.WithHTTPClient(hc))
		if err == nil {
			t.Errorf("%s: a client that sends a wrong @odata.type passed the contract", c.Name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.Name) || !strings.Contains(msg, "@odata.type") {
			t.Errorf("%s: the report does not name the case and @odata.type:\n%v", c.Name, err)
		}
	}
	if checked == 0 {
		t.Fatal("no createAssignment client case")
	}
}

// TestCoverageGateNamesTheOperation deletes the success examples of one
// operation from a copy of the spec and requires the gate to name it.
func TestCoverageGateNamesTheOperation(t *testing.T) {
	doc, err := specdoc.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range specdoc.Operations(doc) {
		if op.OperationID == "getAssignment" {
			resp := op.Responses.Value("200").Value
			mt := *resp.Content.Get("application/json")
			mt.Examples = openapi3.Examples{}
			resp.Content = openapi3.Content{"application/json": &mt}
		}
	}
	_, problems := contract.New(doc).Coverage()
	want := "getAssignment: the 200 response has no example"
	for _, p := range problems {
		if p == want {
			return
		}
	}
	t.Errorf("the gate did not report %q; it reported:\n%s", want, strings.Join(problems, "\n"))
}
