package main

import (
	"log/slog"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/store"
)

// openData opens the durable store of -data. A new file is seeded with the
// configurations of cfg (the fixtures); a used one keeps its own.
func openData(path string, cfg server.Config, logger *slog.Logger) (*store.BoltStore, error) {
	configs := cfg.Configurations
	if configs == nil {
		configs = store.DefaultConfigurations()
	}
	ids := make([]string, len(configs))
	for i, c := range configs {
		ids[i] = c.ID
	}
	st, err := store.OpenBoltStore(path, ids, store.BoltOptions{Logger: logger})
	if err != nil {
		return nil, err
	}
	logger.Info("keeping assignments in a data file", "path", path, "format", store.BoltFormatVersion, "configurations", len(st.Configurations()))
	return st, nil
}
