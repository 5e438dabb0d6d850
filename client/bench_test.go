package client_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// benchClient is a client of a plain server answering with canned bodies,
// so that the benchmarks measure the client rather than the validating fake.
func benchClient(b *testing.B, h http.HandlerFunc) *client.Client {
	b.Helper()
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	c, err := client.New(
		client.WithBaseURL(srv.URL+"/beta"),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})),
	)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCreateAssignment is one create over loopback HTTP: checks,
// encoding, the round trip and decoding.
func BenchmarkCreateAssignment(b *testing.B) {
	created := []byte(`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"705b021c-021c-705b-1c02-5b701c025b70","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}}`)
	c := benchClient(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(created)
	})
	a := client.Assignment{Target: client.GroupTarget("g1", client.IncludeFilter("f1"))}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateAssignment(b.Context(), configID, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListAssignments iterates 1,000 assignments over 10 pages.
func BenchmarkListAssignments(b *testing.B) {
	const total, pageSize = 1000, 100
	pages := map[int][]byte{}
	var base string
	c := benchClient(b, func(w http.ResponseWriter, r *http.Request) {
		skip, _ := strconv.Atoi(r.URL.Query().Get("$skip"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(pages[skip])
	})
	base = c.BaseURL() + specdoc.AssignmentsPath(configID)
	for skip := 0; skip < total; skip += pageSize {
		value := make([]client.Assignment, pageSize)
		for i := range value {
			id := fmt.Sprintf("a%d", skip+i)
			value[i] = client.Assignment{Id: &id, Target: client.GroupTarget("g" + id)}
		}
		page := client.AssignmentPage{Value: value}
		if skip+pageSize < total {
			next := fmt.Sprintf("%s?$skip=%d", base, skip+pageSize)
			page.OdataNextLink = &next
		}
		pages[skip], _ = json.Marshal(page)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.ListAssignments(b.Context(), configID, client.ListOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != total {
			b.Fatalf("listed %d", n)
		}
	}
}

// BenchmarkTargetOf reads the concrete type of a target.
func BenchmarkTargetOf(b *testing.B) {
	t := client.ExclusionGroupTarget("g1", client.ExcludeFilter("f1"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.TargetOf(t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew makes a client; the spec is decoded once per process, before
// the timer starts.
func BenchmarkNew(b *testing.B) {
	if _, err := client.New(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.New(client.WithBaseURL("https://graph.microsoft.com/beta")); err != nil {
			b.Fatal(err)
		}
	}
}
