package gen

import _ "embed"

// DocsHTML is the API reference: one HTML page rendered from the spec by
// `redocly build-docs` (see generate.go), with Redoc's script and the spec
// inline, so that it needs no network.
//
//go:embed docs.gen.html
var DocsHTML []byte
