// Package loadbench holds the parts of a loopback load benchmark that do not
// depend on what is measured: servers run as child processes, max-rate
// vegeta attacks summed over interleaved rounds, and a process's resident
// memory as Linux reports it.
package loadbench
