//go:build tools

// Package tools pins the Go tools the build runs, so that `go run` and
// `go tool` use the versions recorded in go.mod.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "github.com/oasdiff/oasdiff"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
