package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/openapi"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/batch"
	"github.com/specfirst/intune-assignments/server/graphhttp"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/resilience"
	"github.com/specfirst/intune-assignments/server/store"
)

// NewEcho builds the emulator's echo instance: every operation of the spec
// under the base path, each behind its own guard (token, permissions,
// throttling, parameters and body; see the pipeline in guard.go), with one
// error handler that answers every failure in Graph's shape; and GET
// /healthz, /openapi.json and /openapi.yaml at the root.
func NewEcho(cfg Config) (*echo.Echo, error) {
	basePath, err := normalizeBasePath(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	configs := cfg.Configurations
	if configs == nil {
		configs = store.DefaultConfigurations()
	}
	configIDs := store.ConfigurationIDs(configs)
	st := cfg.Store
	if st == nil {
		st = store.NewMemStore(configIDs)
	}
	limit := cfg.MaxBodyBytes
	if limit == 0 {
		limit = intake.DefaultMaxBodyBytes
	}
	if limit < 0 {
		return nil, fmt.Errorf("max body bytes is %d; it must be positive", limit)
	}
	now := cfg.Resilience.Clock()
	verifier, err := auth.New(authConfig(cfg), now)
	if err != nil {
		return nil, err
	}
	doc, specJSON, err := loadSpec()
	if err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	handlers := NewHandlers(st)
	if cfg.PageSize != 0 {
		if cfg.PageSize < 1 || cfg.PageSize > MaxPageSize {
			return nil, fmt.Errorf("page size %d: must be 1 to %d", cfg.PageSize, MaxPageSize)
		}
		handlers.pageSize = cfg.PageSize
	}
	e.HTTPErrorHandler = errorHandler(logger, handlers.now)
	every := &everyRequest{
		logger:   logger,
		requests: graphhttp.NewRequests(basePath),
		paths:    caseInsensitivePaths{templates: pathTemplates(doc, basePath), router: e.Router()},
	}
	e.Binder = intake.Binder{}
	e.Use(every.middleware)

	// Each operation's route carries its own guard, prepared from the spec
	// here: echo's routing is the only routing.
	ops, err := intake.NewOperations(doc)
	if err != nil {
		return nil, err
	}
	res, err := resilience.New(cfg.Resilience, cfg.Throttle, st, configIDs, func(id string) bool {
		return ops[id] != nil || isAuthorityOperation(cfg, id)
	})
	if err != nil {
		return nil, err
	}
	p := &intake.Pipeline{Auth: verifier, Throttle: res.Throttle(), MaxBody: limit, Now: now}
	perOperation := make(map[string][]echo.MiddlewareFunc, len(ops))
	for id, op := range ops {
		perOperation[id] = res.Around(id, p.Guard(op))
	}
	if op := ops[batch.OperationID]; op != nil {
		perOperation[batch.OperationID] = batchRoute(op, p, res)
		handlers.batch = batch.New(e, basePath, handlers.now)
	}
	gen.RegisterHandlersWithOptions(routesOnce{e}, gen.NewStrictHandler(handlers, nil), gen.RegisterHandlersOptions{
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
	res.Register(e)
	if err := registerAuthority(e, cfg, doc, res, limit, logger, now); err != nil {
		return nil, err
	}
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
