// Package server is the emulator of the Microsoft Graph (beta) Intune
// enrollmentConfigurationAssignment endpoints: the handlers of the
// generated strict echo server over a Store, and the echo stack around them
// (authentication, validation against the spec, Graph's error shape).
package server

import (
	"time"

	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/gen"
)

// Server implements the operations of the spec over a Store.
type Server struct {
	store    Store
	pageSize int // of a list without $top
	newID    func() string
	now      func() time.Time
}

var _ gen.StrictServerInterface = (*Server)(nil)

// NewServer returns the handlers over store; lists without $top have
// DefaultPageSize items, assignment ids are fresh GUIDs and error dates come
// from the wall clock.
func NewServer(store Store) *Server {
	return &Server{store: store, pageSize: DefaultPageSize, newID: uuid.NewString, now: time.Now}
}
