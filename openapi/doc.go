// Package openapi holds openapi.yaml, the single source of truth of this
// project, and the tests that check the document itself.
package openapi
