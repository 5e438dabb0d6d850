// Package intake is the guard in front of each operation: what a request
// must pass, in one pass and in a fixed order, before its handler runs.
// The token and the operation's permissions (through auth), the throttle
// (an Admitter the server hands in), the query and path parameters against
// the spec, then the body: its size, content coding (gzip, deflate), media
// type, strict JSON (duplicate members, a BOM, trailing data) and the
// operation's schema. Binder then decodes the handler's value from the
// bytes that were validated.
//
// Each refusal is a graphhttp Error whose message says what to change;
// validation errors from kin-openapi are worded here, never passed on.
package intake
