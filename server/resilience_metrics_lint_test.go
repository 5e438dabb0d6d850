package server_test

import (
	"bytes"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"
)

// prometheusGatherer parses a scraped /metrics body for testutil's lint.
func prometheusGatherer(t *testing.T, body []byte) prometheus.Gatherer {
	t.Helper()
	p := expfmt.NewTextParser(pmodel.LegacyValidation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		var out []*dto.MetricFamily
		for _, f := range families {
			out = append(out, f)
		}
		return out, nil
	})
}
