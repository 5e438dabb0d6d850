// Package soak runs the emulator for a bounded time under a mixed workload
// and checks that it holds up: every acknowledged write survives each
// kill -9 and restart, no 5xx answers but the injected ones, and the
// process's memory, goroutines and open files settle instead of growing.
//
// The emulator runs as a child process on two loopback ports, plain HTTP
// and HTTPS (with its development CA, in a state directory of the run's
// own, and its Entra ID authority), with a -data file, fault rules (see
// faultRules), Intune's throttling profile and /metrics on. Workers drive
// it with the project's Go client (package client) through a transport
// that records every answer: creates, lists followed page by page, gets,
// patches, deletes, assigns and JSON batches of such requests, over a few
// configurations. Half the workers go over HTTP with a token the soak
// mints; the other half over HTTPS, trusting the development CA only,
// with a token the emulator's token endpoint issues to its development
// app. The soak keeps a model of what the acknowledged writes left in
// each configuration, each request of a batch learnt from its own answer;
// a write whose outcome the client cannot know (its connection was reset,
// its answer or its batch's cut short, or the process killed under it) is
// in doubt until the next check reads what the emulator holds.
//
// Every RestartEvery, the workers pause, the emulator's own count of 5xx
// answers is checked against its count of injected faults (both count
// the requests inside batches, each under its own operation), the workers go
// on, and a moment later the process is killed with SIGKILL, restarted on
// the same file and checked against the model. At the end the same
// happens once more, then the emulator must stop cleanly on SIGTERM.
package soak
