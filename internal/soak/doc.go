// Package soak runs the emulator for a bounded time under a mixed workload
// and checks that it holds up: every acknowledged write survives each
// kill -9 and restart, no 5xx answers but the injected ones, and the
// process's memory, goroutines and open files settle instead of growing.
//
// The emulator runs as a child process on a loopback port, with a -data
// file, fault rules (see faultRules), Intune's throttling profile and
// /metrics on. Workers drive it with the project's Go client (package
// client) through a transport that records every answer: creates, lists
// followed page by page, gets, patches, deletes and assigns, over a few
// configurations. The soak keeps a model of what the acknowledged writes
// left in each configuration; a write whose outcome the client cannot know
// (its connection was reset, its answer cut short, or the process killed
// under it) is in doubt until the next check reads what the emulator holds.
//
// Every RestartEvery, the workers pause, the emulator's own count of 5xx
// answers is checked against its count of injected faults, the workers go
// on, and a moment later the process is killed with SIGKILL, restarted on
// the same file and checked against the model. At the end the same
// happens once more, then the emulator must stop cleanly on SIGTERM.
package soak
