// Package interop drives the emulator with Microsoft's Graph beta SDK for Go
// (msgraph-beta-sdk-go), the client Intune automation in Go is written
// with, as that automation would: through the SDK's request builders, its
// typed models and its default middleware (gzipped request bodies, retries,
// client-request-id, telemetry headers), authenticated by Azure's own
// credential classes (azidentity).
//
// TestMain starts the emulator once (plain HTTP, HTTPS with its Entra ID
// authority and registered apps, and the proxy) and runs every test in
// four modes, each a process of its own whose environment is set from its
// start, as a shell sets it: static development tokens over plain HTTP;
// ClientSecretCredential and ClientCertificateCredential with the emulator
// as authority over HTTPS; and the SDK's defaults with a public-cloud
// ClientSecretCredential, sent to the emulator by HTTPS_PROXY and
// SSL_CERT_FILE alone.
//
// It is a module of its own so that the main module does not carry the
// SDK, whose models package alone takes minutes and gigabytes to compile.
// It holds only tests; `make interop` builds the emulator and runs them.
package interop
