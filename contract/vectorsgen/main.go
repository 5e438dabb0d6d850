// Command vectorsgen writes the contract suite's server cases as data,
// gen/vectors.gen.json, for the runners of other languages. `make generate`
// runs it (gen/generate.go):
//
//	go run ../contract/vectorsgen -o vectors.gen.json
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/specfirst/intune-assignments/contract"
)

func main() {
	out := flag.String("o", "vectors.gen.json", "file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "vectorsgen:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	suite, err := contract.Load(context.Background())
	if err != nil {
		return err
	}
	raw, err := contract.EncodeVectors(suite.Vectors())
	if err != nil {
		return err
	}
	// Unchanged content is not rewritten, so that the file keeps its time.
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, raw) {
		return nil
	}
	return os.WriteFile(path, raw, 0o644)
}
