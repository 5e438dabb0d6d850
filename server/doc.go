// Package server is the emulator of the Microsoft Graph (beta) Intune
// enrollmentConfigurationAssignment endpoints: NewEcho wires the generated
// strict echo server's handlers (Handlers) over a store.Store, behind the
// per-operation guard of intake, with resilience's middlewares around it,
// and answers every failure in Graph's error shape.
//
// It is the one package that imports the others, and none imports it.
// Below it, imports run one way, each package's from those listed before
// it:
//
//   - store: Store, MemStore, BoltStore, the built-in configurations, and
//     an assignment's canonical form and JSON; nothing of HTTP.
//     store/storetest is its conformance suite.
//   - graphhttp: correlation ids and Graph's error answer.
//   - auth (graphhttp): token verification, permissions, development
//     tokens.
//   - intake (auth, graphhttp): the guard in front of each operation.
//   - identity (auth, graphhttp): the emulator as an Entra ID authority
//     (discovery, JWKS, the client-credentials token endpoint, registered
//     apps), its errors in Entra's shape.
//   - devca: the development CA, the server certificates it issues and
//     the token signing key, kept in a state directory; nothing of HTTP.
//   - proxy (devca): the HTTPS proxy for Graph's and Entra's hosts, whose
//     tunnels the server answers.
//   - resilience (store, auth, graphhttp): throttling, faults, /metrics
//     and the admin endpoints.
//   - batch (graphhttp): JSON batches, POST /$batch, whose requests it
//     serves through the handler it is given, the server's echo instance.
//
// This package's files:
//
//   - config.go: Config, what the emulator is built from;
//   - echo_*: the echo instance (NewEcho, Run), the middleware of every
//     request, case-insensitive paths, /docs and the HTTPErrorHandler;
//   - handlers*: the operations (Handlers), their query options, paging,
//     defaults and response writers; handlers_batch.go wires the batch.
package server
