// Package interop drives the emulator with Microsoft's Graph beta SDK for Go
// (msgraph-beta-sdk-go), the client Intune automation in Go is written
// with, as that automation would: through the SDK's request builders, its
// typed models and its default middleware (gzipped request bodies, retries,
// client-request-id, telemetry headers).
//
// It is a module of its own so that the main module does not carry the
// SDK, whose models package alone takes minutes and gigabytes to compile.
// It holds only tests; `make interop` builds the emulator and runs them.
package interop
