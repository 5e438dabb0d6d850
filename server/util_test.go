package server_test

import (
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
	var v map[string]any
	if err := json.Unmarshal([]byte(testdata(t, name)), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// seedJSON is the Create page's request body as sent.
func seedJSON(t testing.TB) string { return testdata(t, "seed-create-request.json") }

// testdata reads a file kept with the spec.
func testdata(t testing.TB, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// compressed is s in one of the fuzzer's body encodings (see encodeBody).
func compressed(t testing.TB, s string, encoding byte) []byte {
	t.Helper()
	data, err := encodeBody([]byte(s), encoding)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// truncated drops the last quarter of data.
func truncated(data []byte) []byte { return data[:len(data)*3/4] }

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
