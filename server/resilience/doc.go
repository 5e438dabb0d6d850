// Package resilience is how the emulator has Graph's bad days on purpose,
// so that callers can test how their automation survives them: throttling
// (a token bucket per caller, or Intune's published limits), fault
// injection by rule or by request header, Prometheus metrics at /metrics,
// and the admin endpoints that reset and dump the store.
//
// The server puts its middlewares around each operation's guard and hands
// its throttle to the guard; it reads the store only through store.Store.
package resilience
