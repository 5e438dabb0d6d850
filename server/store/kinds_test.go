package store_test

import (
	"testing"

	"github.com/specfirst/intune-assignments/server/store/storetest"
)

// knownConfig is the configuration the tests below store into.
const knownConfig = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"

// storeKinds are the implementations of store.Store in this package: the
// conformance suite, the benchmarks and the tests below run on each.
var storeKinds = storetest.Builtin

// TestConformance runs the store conformance suite on every kind of store.
func TestConformance(t *testing.T) { storetest.Run(t, storeKinds...) }
