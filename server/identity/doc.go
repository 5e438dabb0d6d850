// Package identity is the emulator as a Microsoft Entra ID authority, so
// that automation authenticates with Microsoft's own credential classes
// (ClientSecretCredential, ClientCertificateCredential) unchanged: per
// tenant of its registered applications, it serves the OpenID
// configuration that MSAL reads, the JWKS of the key its tokens are
// signed with, the token endpoint of the client-credentials grant (a
// client secret in the form or as HTTP Basic, or a client assertion
// signed by a registered certificate), and instance discovery.
//
// Its tokens are the app-only access tokens for Graph that package auth
// mints and verifies. Its errors are in Entra's shape, with Entra's
// AADSTS codes: ErrorHandler writes them, for its own refusals and for the
// throttling and faults that the server's other middlewares answer on its
// routes.
//
// It imports auth and graphhttp, and nothing else of the server.
package identity
