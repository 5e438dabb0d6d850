// Package server is the emulator of the Microsoft Graph (beta) Intune
// enrollmentConfigurationAssignment endpoints: the handlers of the
// generated strict echo server over a Store, and the echo stack around them
// (authentication, validation against the spec, Graph's error shape).
//
// The files are grouped by concern through their names:
//
//   - config.go: Config, what the emulator is built from;
//   - echo_*: the echo instance (NewEcho, Run), the middleware of every
//     request, correlation ids, case-insensitive paths and Graph's error
//     answers;
//   - guard*: the guard in front of each operation: token, permissions,
//     throttling, parameters, and the body decoded and validated against the
//     spec;
//   - auth*: verifying access tokens and caching them, permissions, and
//     minting development tokens;
//   - handlers*: the operations (Handlers), their query options, paging,
//     canonical forms and response writers;
//   - store*: Store, MemStore, BoltStore and the built-in configurations;
//   - resilience*: throttling, Intune's limits, fault injection, /metrics
//     and the admin endpoints.
package server
