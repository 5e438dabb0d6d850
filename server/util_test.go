package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedBody reads one of the Create page's bodies kept with the spec.
func seedBody(t testing.TB, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// gzipped compresses s with gzip.
func gzipped(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// truncated drops the last quarter of data.
func truncated(data []byte) []byte { return data[:len(data)*3/4] }

// seedJSON is the Create page's request body as sent.
func seedJSON(t testing.TB) string {
	t.Helper()
	raw, err := os.ReadFile("../openapi/testdata/seed-create-request.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// manyProperties is a create body with a valid target and n undefined
// properties, p0000 to p<n-1>.
func manyProperties(n int) string {
	var b strings.Builder
	b.WriteString(`{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`)
	for i := range n {
		fmt.Fprintf(&b, `,"p%04d":0`, i)
	}
	b.WriteString("}")
	return b.String()
}
