// Package batch serves Microsoft Graph's JSON batches, POST /$batch: up to
// 20 requests of the API in one HTTP call.
//
// It holds the rules of the batch itself (the number of requests, unique
// ids, dependsOn, the form of each url) and nothing else. Each request of a
// batch is made an http.Request of its own, with the batch's token, and
// served by the emulator's own handler, its echo instance: the same
// routing, authentication, permissions, throttling, faults, validation,
// handlers and store as the request sent on its own, every check written
// once. What that handler answers is the request's answer in the batch,
// status, headers and body.
//
// Requests without dependencies run concurrently; one with dependsOn runs
// after those it names, and only if each of them succeeded, else it answers
// 424 without running.
package batch
