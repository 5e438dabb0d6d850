package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
)

// vectorsFile is the generated file, relative to this package.
const vectorsFile = "../gen/vectors.gen.json"

func readVectors(t *testing.T) (contract.VectorFile, []byte) {
	t.Helper()
	raw, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var f contract.VectorFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", vectorsFile, err)
	}
	return f, raw
}

// TestVectorsFileIsTheSuites requires gen/vectors.gen.json to hold exactly
// the suite's server cases, and every example use of the spec.
func TestVectorsFileIsTheSuites(t *testing.T) {
	suite := loadSuite(t)
	f, raw := readVectors(t)
	want, err := contract.EncodeVectors(suite.Vectors())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, want) {
		t.Fatalf("%s is not what the suite generates: run `make generate`", vectorsFile)
	}
	var names, cases []string
	inFile := map[string]bool{}
	for _, v := range f.Cases {
		names = append(names, v.Name)
		for _, use := range v.Examples {
			inFile[use] = true
		}
	}
	for _, c := range suite.ServerCases() {
		cases = append(cases, c.Name)
	}
	if !slices.Equal(names, cases) {
		t.Errorf("the file's cases are not the server cases:\nfile:  %v\nsuite: %v", names, cases)
	}
	for _, use := range suite.ExampleUses() {
		if !inFile[use.String()] {
			t.Errorf("example use %s is in no case of the file", use)
		}
	}
}

// vectorEmulator serves the emulator as the vectors need it, wrapped by
// wrap, on loopback; it returns a runner with its tokens.
func vectorEmulator(t *testing.T, f contract.VectorFile, wrap func(http.Handler) http.Handler) contract.VectorRunner {
	t.Helper()
	cfg := spectest.Config(secret)
	cfg.MaxBodyBytes = contract.VectorMaxBodyBytes
	cfg.Resilience.AllowFaultHeaders = true
	h, err := server.NewEcho(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wrap(h))
	t.Cleanup(srv.Close)
	tokens := map[string]string{}
	for kind, scopes := range f.Tokens {
		tokens[kind] = spectest.Token(t, secret, scopes...)
	}
	return contract.VectorRunner{Driver: &spectest.Driver{Base: srv.URL + f.BasePath, Client: srv.Client()}, Tokens: tokens}
}

// TestVectorsPassAgainstTheEmulator runs every case of the file, in order,
// on one emulator over HTTP, as a runner in another language does.
func TestVectorsPassAgainstTheEmulator(t *testing.T) {
	f, _ := readVectors(t)
	run := vectorEmulator(t, f, func(h http.Handler) http.Handler { return h })
	for _, v := range f.Cases {
		t.Run(v.Name, func(t *testing.T) {
			if err := run.Run(context.Background(), v); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestVectorsFailAgainstABrokenEmulator runs the file against each break
// of spectest.Breaks (what brokenemulator serves): exactly the cases that
// expect what the break changes must fail, and say where.
func TestVectorsFailAgainstABrokenEmulator(t *testing.T) {
	f, _ := readVectors(t)
	// Whether a case expects, in some step, what the break changes.
	affected := map[string]func(v contract.Vector) bool{
		"bare-type": func(v contract.Vector) bool { return expects(v, `"@odata.type"`) },
		"drop-target": func(v contract.Vector) bool {
			body, _ := v.Expect.Body.(map[string]any)
			_, has := body["target"]
			return has
		},
	}
	for name, edit := range spectest.Breaks {
		t.Run(name, func(t *testing.T) {
			run := vectorEmulator(t, f, spectest.RewriteJSON(edit))
			failed := 0
			for _, v := range f.Cases {
				err := run.Run(context.Background(), v)
				switch want := affected[name](v); {
				case want && err == nil:
					t.Errorf("%s: passed against the %s break", v.Name, name)
				case !want && err != nil:
					t.Errorf("%s: failed on what the %s break leaves alone: %v", v.Name, name, err)
				case err != nil:
					failed++
				}
			}
			if failed == 0 {
				t.Errorf("no case failed against the %s break", name)
			}
		})
	}
}

// expects reports whether any step of v expects a body that holds member.
func expects(v contract.Vector, member string) bool {
	return slices.ContainsFunc(append(append(slices.Clone(v.Setup), v.Step), v.Then...), func(s contract.Step) bool { return expectsIn(s, member) })
}

func expectsIn(s contract.Step, member string) bool {
	raw, _ := json.Marshal(s.Expect.Body)
	return strings.Contains(string(raw), member)
}

// TestAnyOrder lets the items of an anyOrder array come in any order, and
// nothing else: the rules after it point into the sorted array.
func TestAnyOrder(t *testing.T) {
	expect := contract.Expect{
		Status: http.StatusOK, MediaType: "application/json",
		Body: map[string]any{"responses": []any{
			map[string]any{"id": "1", "status": 201.0, "body": map[string]any{"id": "x"}},
			map[string]any{"id": "2", "status": 204.0},
		}},
		MayDiffer: []contract.Rule{
			{Pointer: "/responses", Rule: contract.RuleAnyOrder, Value: "id"},
			{Pointer: "/responses/0/body/id", Rule: contract.RuleGUID},
		},
	}
	check := func(body string) error {
		return expect.Check(http.StatusOK, http.Header{}, []byte(body), "http://127.0.0.1/beta")
	}
	const created = `{"id":"1","status":201,"body":{"id":"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"}}`
	for _, body := range []string{
		`{"responses":[` + created + `,{"id":"2","status":204}]}`,
		`{"responses":[{"id":"2","status":204},` + created + `]}`,
	} {
		if err := check(body); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	for _, body := range []string{
		`{"responses":[{"id":"2","status":204}]}`,
		`{"responses":[{"id":"2","status":204},{"id":"1","status":201,"body":{"id":"not a guid"}}]}`,
		`{"responses":[{"id":"2","status":204},{"id":"1","status":200,"body":{"id":"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"}}]}`,
		`{"responses":[{"id":2,"status":204},` + created + `]}`,
		`{"responses":{}}`,
	} {
		if err := check(body); err == nil {
			t.Errorf("%s passed", body)
		}
	}
}
