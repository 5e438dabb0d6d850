package server

import (
	"log/slog"
	"time"

	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/identity"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
)

// DefaultBasePath is the Graph version root the API is served under.
const DefaultBasePath = "/beta"

// Config is what the emulator is built from. The zero value of each field
// has the default its comment names.
type Config struct {
	// BasePath prefixes every operation's path, e.g. /beta; "" serves
	// them at the root.
	BasePath string
	// Configurations are the known deviceEnrollmentConfigurations;
	// nil means store.DefaultConfigurations().
	Configurations []store.Configuration
	// Store keeps the assignments; nil means a MemStore of Configurations.
	Store store.Store
	// Auth verifies access tokens. At least one key is required.
	Auth auth.Config
	// Authority, when set, serves the emulator as an Entra ID authority
	// too (package identity), whose tokens Auth then also accepts; the
	// server fills in its permissions, throttle and clock.
	Authority *identity.Config
	// MaxBodyBytes limits request bodies; 0 means intake.DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// PageSize is the number of assignments in a page of a list without
	// $top, 1 to MaxPageSize; 0 means DefaultPageSize. Small pages let
	// callers test that they follow @odata.nextLink.
	PageSize int
	// Throttle, when set, answers 429 with Retry-After to callers that
	// exceed its rate; nil never throttles.
	Throttle *resilience.ThrottleConfig
	// Resilience configures Intune's throttling, fault injection, /metrics
	// and the admin endpoints; the zero value has none of them.
	Resilience resilience.Config
	// Logger receives the access log and the errors; nil means slog.Default().
	Logger *slog.Logger

	// The HTTP server's limits, used by Run; 0 means the Default* value.
	ReadTimeout       time.Duration
	ReadHeaderTimeout time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	// ShutdownTimeout bounds how long Run waits for in-flight requests.
	ShutdownTimeout time.Duration
}

// Defaults of the HTTP server's limits.
const (
	DefaultReadTimeout       = 30 * time.Second
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxHeaderBytes    = 1 << 20
	DefaultShutdownTimeout   = 30 * time.Second
)
