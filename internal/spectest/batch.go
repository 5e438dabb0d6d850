package spectest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/specfirst/intune-assignments/gen"
)

// BatchOperation is the operationId of POST /$batch.
const BatchOperation = "batch"

// BatchAnswers reads the answers of a batch's 200 response by request id,
// each as the Response its request would have had on its own: its status,
// its headers, and its body as sent (the text of a text body, the bytes of
// a base64 one).
func BatchAnswers(resp *Response) (map[string]*Response, error) {
	var content gen.BatchResponseContent
	if err := json.Unmarshal(resp.Body, &content); err != nil {
		return nil, fmt.Errorf("batch response %s: %w", resp.Body, err)
	}
	answers := make(map[string]*Response, len(content.Responses))
	for _, item := range content.Responses {
		if answers[item.Id] != nil {
			return nil, fmt.Errorf("batch response: two answers to request %s", item.Id)
		}
		a, err := answerOf(item)
		if err != nil {
			return nil, err
		}
		answers[item.Id] = a
	}
	return answers, nil
}

// answerOf reads one answer of a batch.
func answerOf(item gen.BatchResponseItem) (*Response, error) {
	a := &Response{Status: int(item.Status), Header: http.Header{}}
	if item.Headers != nil {
		for name, value := range *item.Headers {
			a.Header.Set(name, value)
		}
	}
	if len(item.Body) == 0 {
		return a, nil
	}
	media, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
	if media == "application/json" || strings.HasSuffix(media, "+json") {
		a.Body = item.Body
		return a, nil
	}
	var s string
	if err := json.Unmarshal(item.Body, &s); err != nil {
		return nil, fmt.Errorf("answer to request %s: a %q body must be a JSON string: %s", item.Id, media, item.Body)
	}
	if strings.HasPrefix(media, "text/") {
		a.Body = []byte(s)
		return a, nil
	}
	b, err := base64.URLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("answer to request %s: a %q body must be base64url: %w", item.Id, media, err)
	}
	a.Body = b
	return a, nil
}

// CheckBatch checks the answers of a batch's 200 response against the
// requests of batch, the batch's JSON body: one answer per request, and each
// answer what the spec says of the request's operation (a 424, which
// answers a request whose dependency failed, in the spec's error shape).
// root is the version root's path, under which the requests' URLs are.
func CheckBatch(ctx context.Context, root string, batch []byte, resp *Response) error {
	if resp.Status != http.StatusOK {
		return nil
	}
	var content gen.BatchRequestContent
	if err := json.Unmarshal(batch, &content); err != nil {
		return nil // not a batch the server could have read: its answer is not 200
	}
	answers, err := BatchAnswers(resp)
	if err != nil {
		return err
	}
	var errs []error
	if len(answers) != len(content.Requests) {
		errs = append(errs, fmt.Errorf("batch of %d requests answered %d times", len(content.Requests), len(answers)))
	}
	for _, r := range content.Requests {
		a := answers[r.Id]
		if a == nil {
			errs = append(errs, fmt.Errorf("request %s of the batch has no answer", r.Id))
			continue
		}
		if err := checkAnswer(ctx, root, r, a); err != nil {
			errs = append(errs, fmt.Errorf("answer to request %s (%s %s): %w", r.Id, r.Method, r.Url, err))
		}
	}
	return errors.Join(errs...)
}

// checkAnswer checks the answer a to the request r of a batch.
func checkAnswer(ctx context.Context, root string, r gen.BatchRequestItem, a *Response) error {
	switch {
	case a.Status == http.StatusFailedDependency:
		return Spec().CheckErrorBody(a.Body)
	case r.Method == http.MethodHead:
		// No operation of the spec is a HEAD, whose answer has no body.
		if a.Status < 400 || len(a.Body) > 0 {
			return fmt.Errorf("HEAD answered %d with %d bytes, want an error without a body", a.Status, len(a.Body))
		}
		return nil
	}
	u, err := url.ParseRequestURI(root + "/" + strings.TrimPrefix(r.Url, "/"))
	if err != nil {
		// Not a request of the API at all: the batch refused it.
		if a.Status != http.StatusBadRequest {
			return fmt.Errorf("status %d, want 400 for a request that cannot be made", a.Status)
		}
		return Spec().CheckErrorBody(a.Body)
	}
	req := (&http.Request{Method: r.Method, URL: u, Header: http.Header{}}).WithContext(ctx)
	return Spec().CheckResponse(ctx, req, root, a)
}
