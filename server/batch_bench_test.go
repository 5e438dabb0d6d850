package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/specfirst/intune-assignments/server"
)

// BenchmarkBatchCreates sends 20 creates as one batch through the whole
// emulator, in process: per batch, what BenchmarkCreate/full-stack costs
// per create, twenty times, plus the batch's own reading, checks and
// answer.
func BenchmarkBatchCreates(b *testing.B) {
	body := json.RawMessage(seedJSON(b))
	tok := writer(b)
	var reqs []map[string]any
	for i := range 20 {
		reqs = append(reqs, item(strconv.Itoa(i+1), http.MethodPost, "", withBody(body)...))
	}
	raw, err := json.Marshal(map[string]any{"requests": reqs})
	if err != nil {
		b.Fatal(err)
	}
	e, err := server.NewEcho(testConfig(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		serve(b, e, http.MethodPost, batchPath, raw, tok, http.StatusOK)
	}
}
