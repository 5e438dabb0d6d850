package openapi

import _ "embed"

// YAML is openapi.yaml as written, for serving the document unchanged.
//
//go:embed openapi.yaml
var YAML []byte
