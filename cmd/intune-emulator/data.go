package main

import (
	"log/slog"

	"github.com/specfirst/intune-assignments/server"
)

// openData opens the durable store of -data. A new file is seeded with the
// configurations of cfg (the fixtures); a used one keeps its own.
func openData(path string, cfg server.Config, logger *slog.Logger) (*server.BoltStore, error) {
	configs := cfg.Configurations
	if configs == nil {
		configs = server.DefaultConfigurations()
	}
	ids := make([]string, len(configs))
	for i, c := range configs {
		ids[i] = c.ID
	}
	store, err := server.OpenBoltStore(path, ids, server.BoltOptions{Logger: logger})
	if err != nil {
		return nil, err
	}
	logger.Info("keeping assignments in a data file", "path", path, "format", server.BoltFormatVersion, "configurations", len(store.Configurations()))
	return store, nil
}
