// Package graphhttp holds what every answer of the emulator shares with
// Microsoft Graph's, whichever part of the server writes it: the
// correlation ids of each request (request-id, client-request-id) and
// Graph's error answer, an Error that knows its status, code, message and
// headers, and the OData error body it is written as.
//
// It imports nothing of the rest of the server: the intake, auth and
// resilience packages return its Error, and the server writes it.
package graphhttp
