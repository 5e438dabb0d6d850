package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/openapi"
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
	// nil means DefaultConfigurations().
	Configurations []Configuration
	// Store keeps the assignments; nil means a MemStore of Configurations.
	Store Store
	// Auth verifies access tokens. At least one key is required.
	Auth AuthConfig
	// MaxBodyBytes limits request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// PageSize is the number of assignments in a page of a list without
	// $top, 1 to MaxPageSize; 0 means DefaultPageSize. Small pages let
	// callers test that they follow @odata.nextLink.
	PageSize int
	// Throttle, when set, answers 429 with Retry-After to callers that
	// exceed its rate; nil never throttles.
	Throttle *ThrottleConfig
	// Resilience configures Intune's throttling, fault injection, /metrics
	// and the admin endpoints; the zero value has none of them.
	Resilience ResilienceConfig
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

// New builds the emulator's echo instance: every operation of the spec
// under the base path, each behind its own guard (token, permissions,
// throttling, parameters and body; see pipeline), with one error handler
// that answers every failure in Graph's shape; and GET /healthz,
// /openapi.json and /openapi.yaml at the root.
func New(cfg Config) (*echo.Echo, error) {
	basePath, err := normalizeBasePath(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	store := cfg.Store
	if store == nil {
		configs := cfg.Configurations
		if configs == nil {
			configs = DefaultConfigurations()
		}
		store = NewMemStore(configurationIDs(configs))
	}
	limit := cfg.MaxBodyBytes
	if limit == 0 {
		limit = DefaultMaxBodyBytes
	}
	if limit < 0 {
		return nil, fmt.Errorf("max body bytes is %d; it must be positive", limit)
	}
	now := cfg.Resilience.clock()
	auth, err := newAuthenticator(cfg.Auth, now)
	if err != nil {
		return nil, err
	}
	doc, specJSON, err := loadSpec()
	if err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	handlers := NewServer(store)
	if cfg.PageSize != 0 {
		if cfg.PageSize < 1 || cfg.PageSize > MaxPageSize {
			return nil, fmt.Errorf("page size %d: must be 1 to %d", cfg.PageSize, MaxPageSize)
		}
		handlers.pageSize = cfg.PageSize
	}
	e.HTTPErrorHandler = errorHandler(logger, handlers.now)
	e.Pre(caseInsensitivePaths(pathTemplates(doc, basePath)))
	e.Use(withRequestInfo(basePath), accessLog(logger), recoverPanics(), refuseOptions)

	// Each operation's route carries its own guard, prepared from the spec
	// here: echo's routing is the only routing.
	ops, err := newOperations(doc)
	if err != nil {
		return nil, err
	}
	res, err := newResilience(cfg, store, ops)
	if err != nil {
		return nil, err
	}
	p := &pipeline{auth: auth, throttle: res.throttle, maxBody: limit, now: now}
	perOperation := make(map[string][]echo.MiddlewareFunc, len(ops))
	for id, op := range ops {
		perOperation[id] = res.around(id, p.guard(op))
	}
	gen.RegisterHandlersWithOptions(e, gen.NewStrictHandler(handlers, nil), gen.RegisterHandlersOptions{
		BaseURL:              basePath,
		OperationMiddlewares: perOperation,
	})

	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, specJSON)
	})
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", openapi.YAML)
	})
	registerDocs(e)
	res.register(e)
	return e, nil
}

// loadSpec loads the spec embedded in the binary (openapi.yaml as
// written, with the operationIds that the per-operation middleware is keyed
// by) and its JSON form for /openapi.json.
func loadSpec() (*openapi3.T, []byte, error) {
	// specdoc loads it once per process, for every emulator a process
	// starts and for the facts the handlers read from it.
	doc := specdoc.Embedded()
	specJSON, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("encode the embedded spec as JSON: %w", err)
	}
	return doc, specJSON, nil
}

// normalizeBasePath accepts "", "/" and "/x/y" with or without a trailing
// slash, and returns "" or "/x/y".
func normalizeBasePath(p string) (string, error) {
	p = strings.TrimRight(strings.TrimSpace(p), "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("base path %q must start with '/'", p)
	}
	return p, nil
}
