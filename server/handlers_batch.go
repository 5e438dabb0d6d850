package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/server/batch"
	"github.com/specfirst/intune-assignments/server/intake"
	"github.com/specfirst/intune-assignments/server/resilience"
)

// Batch implements batch, POST /$batch: each request of the batch is
// served by the emulator itself (package batch).
func (s *Handlers) Batch(ctx context.Context, req gen.BatchRequestObject) (gen.BatchResponseObject, error) {
	if s.batch == nil {
		return nil, errors.New("batch: the handlers serve no batches (NewEcho wires them)")
	}
	content, err := s.batch.Serve(ctx, *req.Body)
	if err != nil {
		return nil, err
	}
	return batchBody(content), nil
}

// batchRoute is the chain of the batch's own route. The batch is checked
// like any request (token, body, schema), with two differences: it is not
// throttled and no fault acts on it, as Graph evaluates the requests inside
// a batch against its limits one by one, and each of them meets the
// throttle and the faults of its own operation. Its metrics count it.
func batchRoute(op *intake.Operation, p *intake.Pipeline, res *resilience.Resilience) []echo.MiddlewareFunc {
	envelope := *p
	envelope.Throttle = nil
	return append(res.Measure(batch.OperationID, envelope.Guard(op)), batch.KeepRequest)
}

// batchBody is the batch's 200 answer, written as the generated type would
// be but without escaping <, > and & in strings: the answers inside it
// keep the bytes of their JSON as the requests answered them.
type batchBody gen.BatchResponseContent

func (b batchBody) VisitBatchResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}
