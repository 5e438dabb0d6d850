// Package contract checks the server and the client against every example in
// openapi/openapi.yaml. The examples are the test cases: the package reads
// the spec at run time, pairs each request example with the success response
// example of the same name, and drives both bindings through them. Adding a
// named example to the spec adds a test case; nothing else lists them.
package contract
