package server

// CanonicalAssignment lets the external tests say what a Store answers for
// what it was given: the assignment in canonical form.
var CanonicalAssignment = canonicalAssignment
