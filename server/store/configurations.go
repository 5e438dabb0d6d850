package store

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
)

// defaultFixtures is the built-in set of known configurations: the default
// configurations every Intune tenant has, under the spec's example tenant
// prefix.
//
//go:embed fixtures/default.json
var defaultFixtures []byte

// Configuration is a deviceEnrollmentConfiguration the emulator knows.
// Only the id matters to the assignment endpoints; the rest describes it in
// logs.
type Configuration struct {
	ID          string `json:"id"`
	OdataType   string `json:"@odata.type,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
}

// fixtureFile is the shape of a fixtures file: Graph's collection response
// of GET /deviceManagement/deviceEnrollmentConfigurations, so that a real
// tenant's answer can be saved and used as is. Properties other than those
// of Configuration are ignored.
type fixtureFile struct {
	Value *[]Configuration `json:"value"`
}

// DefaultConfigurations returns the built-in set of known configurations.
func DefaultConfigurations() []Configuration {
	configs, err := ParseFixtures(defaultFixtures)
	if err != nil {
		// The embedded file is covered by tests; failing here means the
		// binary was built from a broken tree.
		panic(fmt.Sprintf("built-in fixtures: %v", err))
	}
	return configs
}

// LoadFixtures reads the known configurations from a fixtures file.
func LoadFixtures(path string) ([]Configuration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fixtures: %w", err)
	}
	configs, err := ParseFixtures(data)
	if err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", path, err)
	}
	return configs, nil
}

// ParseFixtures decodes a fixtures document, {"value":[{"id":...},...]},
// and requires at least one configuration, each with a unique, non-empty id.
func ParseFixtures(data []byte) ([]Configuration, error) {
	var f fixtureFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a JSON object of the form {\"value\":[...]}: %w", err)
	}
	if f.Value == nil {
		return nil, fmt.Errorf(`no "value" array of deviceEnrollmentConfigurations`)
	}
	configs := *f.Value
	if len(configs) == 0 {
		return nil, fmt.Errorf(`"value" lists no deviceEnrollmentConfigurations`)
	}
	seen := make(map[string]bool, len(configs))
	for i, c := range configs {
		if c.ID == "" {
			return nil, fmt.Errorf("value[%d] has no id", i)
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("value[%d]: id %q appears twice", i, c.ID)
		}
		seen[c.ID] = true
	}
	return configs, nil
}

// ConfigurationIDs lists the ids of configs.
func ConfigurationIDs(configs []Configuration) []string {
	ids := make([]string, len(configs))
	for i, c := range configs {
		ids[i] = c.ID
	}
	return ids
}
