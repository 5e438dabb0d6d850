// Package spectest is the test kit of the project: everything the server
// tests, the client tests and the contract run need to talk HTTP under the
// spec's eye.
//
//   - Checker (checker.go) validates requests and responses with kin-openapi
//     against the embedded openapi/openapi.yaml.
//   - Driver (driver.go) sends requests to a server and checks each answer:
//     the spec, and Graph's correlation headers.
//   - CheckGraphError (grapherror.go) decodes and checks Graph's error body.
//   - FakeGraph (fakegraph.go) stands in for Graph in front of a client: it
//     serves under a prefix and refuses any request the spec does not allow.
//   - FailingStore (stores.go) is the store double of the failure cases.
//   - Emulator, Token and Seed (emulator.go) start the real emulator and
//     fill it through its API.
//
// The kit imports the server package, so only external tests (package
// server_test) of the server can use it.
package spectest
