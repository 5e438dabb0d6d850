// Package devca is the emulator's development certificate authority: a CA
// created once in a state directory and reused on every start, the server
// certificate it issues for the emulator's own HTTPS address (localhost,
// 127.0.0.1, ::1 and any other names asked for), and the certificates the
// HTTPS proxy presents for the Microsoft hosts it answers for. A client
// that trusts the CA's PEM file trusts them all.
//
// It also loads a certificate and key the user gives instead, with errors
// that say which file is at fault and what to do.
//
// It imports nothing of the rest of the server.
package devca
