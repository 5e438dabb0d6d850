package server

import (
	"sync"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// SpecPath is path with the spec's spelling of its fixed segments, as the
// emulator routes it: the tests validate a response to a path written in
// another case against the operation it reached.
func SpecPath(path string) string {
	for _, t := range specPathTemplates() {
		if p, ok := t.respell(collapseSlashes(path)); ok {
			return p
		}
	}
	return path
}

var specPathTemplates = sync.OnceValue(func() []pathTemplate {
	return pathTemplates(specdoc.Embedded(), "/beta")
})
