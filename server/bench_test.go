package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// The benchmarks (and the allocation budget) drive echo in process (ServeHTTP with a recorder), so
// that they measure the stack and not the loopback network.

func serve(tb testing.TB, h http.Handler, method, path string, body []byte, tok string, want int) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		tb.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	return rec
}

// BenchmarkCreate compares a create through the whole emulator (request
// id, access log, recover, token verification, body read, validation
// against the spec, strict handler, store) with a bare echo handler that
// answers the same request with the same canned 201 body.
func BenchmarkCreate(b *testing.B) {
	body := []byte(seedJSON(b))
	tok := writer(b)
	path := assignmentsPath(knownConfig)

	b.Run("full-stack", func(b *testing.B) {
		e, err := server.NewEcho(testConfig(io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			serve(b, e, http.MethodPost, path, body, tok, http.StatusCreated)
		}
	})

	b.Run("bare-echo", func(b *testing.B) {
		e, err := server.NewEcho(testConfig(io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		canned := serve(b, e, http.MethodPost, path, body, tok, http.StatusCreated).Body.Bytes()
		bare := echo.New()
		bare.POST(path, func(c echo.Context) error {
			return c.JSONBlob(http.StatusCreated, canned)
		})
		b.ReportAllocs()
		for b.Loop() {
			serve(b, bare, http.MethodPost, path, body, tok, http.StatusCreated)
		}
	})
}

// BenchmarkList lists a configuration that holds 10,000 and 100,000
// assignments through the whole stack: the first page at the default size,
// a page of the largest size, and a page near the end. The cost of a page
// does not depend on the collection's size or the page's position.
func BenchmarkList(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		st := store.NewMemStore([]string{knownConfig})
		for i := range n {
			a := storetest.NewAssignment(b, fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "#microsoft.graph.allDevicesAssignmentTarget")
			if err := st.Create(context.Background(), knownConfig, a); err != nil {
				b.Fatal(err)
			}
		}
		cfg := testConfig(io.Discard)
		cfg.Store = st
		e, err := server.NewEcho(cfg)
		if err != nil {
			b.Fatal(err)
		}
		tok := writer(b)
		for _, q := range []string{"", "?$top=999", fmt.Sprintf("?$skip=%d", n-100)} {
			b.Run(fmt.Sprintf("n=%d/query=%s", n, q), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					serve(b, e, http.MethodGet, assignmentsPath(knownConfig)+q, nil, tok, http.StatusOK)
				}
			})
		}
	}
}

// BenchmarkLoopbackCreateParallel is a load run: concurrent clients create
// assignments over real loopback HTTP, through the whole emulator and
// through a bare echo server answering the same canned body. Run with
// -cpu to vary the number of clients per core.
func BenchmarkLoopbackCreateParallel(b *testing.B) {
	body := []byte(seedJSON(b))
	tok := writer(b)
	path := assignmentsPath(knownConfig)
	full, err := server.NewEcho(testConfig(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	canned := serve(b, full, http.MethodPost, path, body, tok, http.StatusCreated).Body.Bytes()
	bare := echo.New()
	bare.POST(path, func(c echo.Context) error { return c.JSONBlob(http.StatusCreated, canned) })

	for _, target := range []struct {
		name string
		h    http.Handler
	}{{"full-stack", full}, {"bare-echo", bare}} {
		b.Run(target.name, func(b *testing.B) {
			srv := httptest.NewServer(target.h)
			defer srv.Close()
			client := srv.Client()
			client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+tok)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
		})
	}
}
