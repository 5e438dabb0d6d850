// Package server is the emulator of the Microsoft Graph (beta) Intune
// enrollmentConfigurationAssignment endpoints: the handlers of the
// generated strict echo server over a Store, and the echo stack around them
// (authentication, validation against the spec, Graph's error shape).
package server
