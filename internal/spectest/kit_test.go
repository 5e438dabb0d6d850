package spectest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// The kit's checks must bite, or the tests that use them prove nothing:
// these tests hand them what breaks the spec and require a refusal.

var secret = []byte("spectest-secret")

const allDevices = `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`

// TestDriverChecksEveryAnswer drives the emulator, then the emulator behind
// a proxy that breaks its answers: the driver passes the first and reports
// each of the others.
func TestDriverChecksEveryAnswer(t *testing.T) {
	srv, d := spectest.Emulator(t, spectest.Config(secret))
	token := spectest.Token(t, secret, specdoc.WriteScope())
	list := spectest.Request{Method: http.MethodGet, Path: specdoc.AssignmentsPath(spectest.ExampleConfig), Token: token, Valid: true}
	tests := []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request) bool // true: answered instead of the emulator
		req    spectest.Request
		want   string // in the error; "" for none
	}{
		{name: "the emulator", req: list},
		{name: "an error off the spec's paths", req: spectest.Request{Method: http.MethodGet, Path: "/nowhere", Token: token}},
		{name: "a body the schema refuses", req: list, want: "does not follow the spec", answer: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("request-id", spectest.FakeRequestID)
			w.Header().Set("client-request-id", spectest.FakeRequestID)
			spectest.WriteJSON(w, http.StatusOK, map[string]any{"value": "not a list"})
			return true
		}},
		{name: "an undocumented status", req: list, want: "does not follow the spec", answer: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("request-id", spectest.FakeRequestID)
			w.Header().Set("client-request-id", spectest.FakeRequestID)
			w.WriteHeader(http.StatusTeapot)
			return true
		}},
		{name: "no request-id", req: list, want: "request-id header", answer: func(w http.ResponseWriter, r *http.Request) bool {
			spectest.WriteJSON(w, http.StatusOK, map[string]any{"value": []any{}})
			return true
		}},
		{name: "a relative @odata.nextLink", req: list, want: "not an absolute URL", answer: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("request-id", spectest.FakeRequestID)
			w.Header().Set("client-request-id", spectest.FakeRequestID)
			spectest.WriteJSON(w, http.StatusOK, map[string]any{"value": []any{}, "@odata.nextLink": "/beta/next?$skip=1"})
			return true
		}},
		{name: "a success off the spec's paths", req: spectest.Request{Method: http.MethodGet, Path: "/nowhere", Token: token}, want: "not an operation of the spec", answer: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("request-id", spectest.FakeRequestID)
			w.Header().Set("client-request-id", spectest.FakeRequestID)
			w.WriteHeader(http.StatusOK)
			return true
		}},
		{name: "an invalid request is not sent", req: spectest.Request{Method: http.MethodGet, Path: list.Path, Query: map[string][]string{"$top": {"0"}}, Token: token, Valid: true}, want: "the request does not follow the spec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.answer != nil && tt.answer(w, r) {
					return
				}
				srv.Config.Handler.ServeHTTP(w, r)
			}))
			defer proxy.Close()
			pd := &spectest.Driver{Base: strings.Replace(d.Base, srv.URL, proxy.URL, 1)}
			_, err := pd.Do(context.Background(), tt.req)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one that says %q", err, tt.want)
			}
		})
	}
}

// TestCheckGraphError hands the check error bodies with one fault each.
func TestCheckGraphError(t *testing.T) {
	header := func(rid, crid string) http.Header {
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set("request-id", rid)
		h.Set("client-request-id", crid)
		return h
	}
	const rid = "6f1d3c2b-0000-4000-8000-00000000c0de"
	good := `{"error":{"code":"notFound","message":"no such assignment","innerError":{"request-id":"` + rid + `","client-request-id":"c1","date":"2026-01-15T10:20:30Z"}}}`
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   string
	}{
		{"Graph's shape", 404, header(rid, "c1"), good, ""},
		{"another status", 400, header(rid, "c1"), good, "status = 400"},
		{"another code", 404, header(rid, "c1"), strings.Replace(good, "notFound", "badRequest", 1), "error.code"},
		{"Go internals", 404, header(rid, "c1"), strings.Replace(good, "no such assignment", "json: cannot unmarshal", 1), "contains"},
		{"request-id of another request", 404, header("other", "c1"), good, "innerError.request-id"},
		{"no date", 404, header(rid, "c1"), strings.Replace(good, `,"date":"2026-01-15T10:20:30Z"`, "", 1), "date is missing"},
		{"no innerError", 404, header(rid, "c1"), `{"error":{"code":"notFound","message":"m"}}`, "no innerError"},
		{"not JSON", 404, header(rid, "c1"), "Not Found", "error body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spectest.CheckGraphError(&spectest.Response{Status: tt.status, Header: tt.header, Body: []byte(tt.body)}, 404, "notFound")
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one that says %q", err, tt.want)
			}
		})
	}
}

// TestFakeGraphRefuses sends the fake requests the spec does not allow: each
// must be refused with a Graph 400 and recorded.
func TestFakeGraphRefuses(t *testing.T) {
	const prefix, token = "/prefix/beta", "the-token"
	assignments := specdoc.AssignmentsPath(spectest.ExampleConfig)
	tests := []struct {
		name, method, path, auth, body string
		accepted                       bool
	}{
		{"valid", http.MethodPost, prefix + assignments, "Bearer " + token, allDevices, true},
		{"outside the prefix", http.MethodPost, "/beta" + assignments, "Bearer " + token, allDevices, false},
		{"no token", http.MethodPost, prefix + assignments, "", allDevices, false},
		{"another token", http.MethodPost, prefix + assignments, "Bearer other", allDevices, false},
		{"unknown property", http.MethodPost, prefix + assignments, "Bearer " + token, `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"extra":1}`, false},
		{"group without groupId", http.MethodPost, prefix + assignments, "Bearer " + token, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}}`, false},
		{"$top out of range", http.MethodGet, prefix + assignments + "?$top=0", "Bearer " + token, "", false},
		{"no such operation", http.MethodPut, prefix + assignments, "Bearer " + token, allDevices, false},
	}
	fake := spectest.StartFakeGraph(prefix, token, spectest.Replies(spectest.Reply{Status: http.StatusNoContent}), nil)
	defer fake.Close()
	host := strings.TrimSuffix(fake.URL, prefix)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			d := &spectest.Driver{Base: host, Client: fake.Client}
			header := map[string]string{}
			if tt.auth != "" {
				header["Authorization"] = tt.auth
			}
			var body any
			if tt.body != "" {
				body = tt.body
			}
			req, _, err := d.NewRequest(context.Background(), spectest.Request{Method: tt.method, Path: tt.path, Body: body, Header: header})
			if err != nil {
				t.Fatal(err)
			}
			resp, err := fake.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			accepted := len(fake.Requests()) == 1 && fake.Invalid() == nil
			if accepted != tt.accepted {
				t.Errorf("accepted = %v (status %d, failures %v)", accepted, resp.StatusCode, fake.Invalid())
			}
			if !accepted && resp.StatusCode != http.StatusBadRequest {
				t.Errorf("refused with %d, want 400", resp.StatusCode)
			}
		})
	}
}
