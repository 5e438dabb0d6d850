package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// Checker validates traffic against the spec. Its router knows the spec's
// paths relative to the version root: a request is checked as the path
// after the root the caller names.
type Checker struct {
	Doc    *openapi3.T
	router routers.Router
}

// Spec is the checker of the embedded spec, built once.
var Spec = sync.OnceValue(func() *Checker {
	doc := specdoc.Embedded()
	router, err := specdoc.NewRouter(doc)
	if err != nil {
		panic(fmt.Sprintf("spectest: route the embedded spec: %v", err))
	}
	return &Checker{Doc: doc, router: router}
})

// ErrNotInSpec is the error of a request that no operation of the spec
// matches.
var ErrNotInSpec = errors.New("no operation of the spec")

// Route is an operation of the spec that a request reached.
type Route struct {
	OperationID string
	Params      map[string]string // the path parameters, as kin-openapi read them
	route       *routers.Route
	req         *http.Request // a clone of the request, its path relative to the root
}

// Route finds the operation of req, whose URL path must be under root (the
// version root's path, e.g. "/beta"; "" for a path already relative to it).
// body, when not nil, is what the clone reads as the request's body. The
// error wraps ErrNotInSpec when the path or the method is not the spec's.
func (c *Checker) Route(req *http.Request, root string, body []byte) (*Route, error) {
	rel, ok := strings.CutPrefix(req.URL.EscapedPath(), root)
	if !ok || !strings.HasPrefix(rel, "/") {
		return nil, fmt.Errorf("%s %s: not under %s: %w", req.Method, req.URL.Path, root, ErrNotInSpec)
	}
	clone := req.Clone(req.Context())
	clone.RequestURI = ""
	clone.URL.RawPath = rel
	path, err := url.PathUnescape(rel)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL, err)
	}
	clone.URL.Path = path
	if body != nil {
		clone.Body = io.NopCloser(bytes.NewReader(body))
	}
	route, params, err := c.router.FindRoute(clone)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %v", req.Method, req.URL.Path, ErrNotInSpec, err)
	}
	return &Route{OperationID: route.Operation.OperationID, Params: params, route: route, req: clone}, nil
}

// BearerToken is the spec's security check of the requests the kit sends
// and receives: an Authorization header with a bearer token.
func BearerToken(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
		return errors.New("no bearer token")
	}
	return nil
}

// CheckRequest validates the request of r (its body, as Route was given)
// against its operation, security included: auth checks the token (nil:
// BearerToken).
func (r *Route) CheckRequest(ctx context.Context, auth openapi3filter.AuthenticationFunc) error {
	if auth == nil {
		auth = BearerToken
	}
	return openapi3filter.ValidateRequest(ctx, r.input(auth))
}

func (r *Route) input(auth openapi3filter.AuthenticationFunc) *openapi3filter.RequestValidationInput {
	return &openapi3filter.RequestValidationInput{
		Request: r.req, PathParams: r.Params, Route: r.route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: auth},
	}
}

// CheckResponse validates resp against r's operation: a documented status,
// the documented headers and the body's schema.
func (r *Route) CheckResponse(ctx context.Context, resp *Response) error {
	in := r.input(openapi3filter.NoopAuthenticationFunc)
	return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.Status,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(resp.Body)),
		Options:                in.Options,
	})
}

// CheckResponse validates the response to req, whose path is under root:
// against the operation it reached, or, for a path or method the spec does
// not have, as an error in the spec's error shape. A path outside root is
// not the spec's to judge.
func (c *Checker) CheckResponse(ctx context.Context, req *http.Request, root string, resp *Response) error {
	if !strings.HasPrefix(req.URL.EscapedPath(), root+"/") {
		return nil
	}
	route, err := c.Route(req, root, nil)
	if errors.Is(err, ErrNotInSpec) {
		if resp.Status < 400 {
			return fmt.Errorf("%s %s answered %d but is not an operation of the spec", req.Method, req.URL.Path, resp.Status)
		}
		return c.CheckErrorBody(resp.Body)
	}
	if err != nil {
		return err
	}
	if err := route.CheckResponse(ctx, resp); err != nil {
		return fmt.Errorf("%s %s: the %d response does not follow the spec: %w\nbody: %s", req.Method, req.URL.Path, resp.Status, err, resp.Body)
	}
	return nil
}

// CheckErrorBody requires body to be the spec's error body, odataError.
func (c *Checker) CheckErrorBody(body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("error body is not JSON: %s", body)
	}
	if err := c.Doc.Components.Schemas["odataError"].Value.VisitJSON(v); err != nil {
		return fmt.Errorf("error body does not match the spec's odataError: %w\n%s", err, body)
	}
	return nil
}
