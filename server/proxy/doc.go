// Package proxy is the emulator as an HTTPS proxy, the way Microsoft Dev
// Proxy works: automation that sets HTTPS_PROXY and trusts the
// development CA reaches the emulator under Microsoft's own host names,
// with no change to its code. The proxy accepts CONNECT to
// graph.microsoft.com:443 and login.microsoftonline.com:443 only,
// terminates TLS with a certificate of the development CA for that host,
// and hands the connection to the server that answers from the emulator.
// Every other request is refused, with a message saying so, and nothing
// is ever forwarded: no request leaves the machine.
//
// It imports devca, and nothing else of the server.
package proxy
