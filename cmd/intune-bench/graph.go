package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
)

// configID is the configuration every request goes to: the spec's example,
// one of the emulator's built-in configurations.
var configID = specdoc.ExampleConfigID()

// assignmentsRoute is the echo route of both operations under /beta.
const assignmentsRoute = "/beta/deviceManagement/deviceEnrollmentConfigurations/:id/assignments"

// writeScope grants both operations: the spec's write scope.
var writeScope = specdoc.WriteScope()

// assignmentsURL is the assignments collection of configID on the server
// at addr.
func assignmentsURL(addr string) string {
	return "http://" + addr + "/beta/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments"
}

// mintToken signs a token for the emulator's default key that outlasts any
// run.
func mintToken() (string, error) {
	tok, err := auth.MintToken(auth.TokenOptions{
		Scopes:      []string{writeScope},
		HS256Secret: []byte(auth.DevSecret),
		TTL:         24 * time.Hour,
	})
	if err != nil {
		return "", fmt.Errorf("mint a token: %w", err)
	}
	return tok, nil
}

// graph calls a server's assignments collection one request at a time,
// outside the measured attacks: to fill the emulator, capture its answers
// and check them.
type graph struct {
	client *http.Client
	url    string
	token  string
}

// header is what every request sends, the attacks' included.
func (g graph) header(withBody bool) http.Header {
	h := http.Header{"Authorization": {"Bearer " + g.token}}
	if withBody {
		h.Set("Content-Type", "application/json")
	}
	return h
}

// create posts body and returns the 201 answer's body.
func (g graph) create(ctx context.Context, body []byte) ([]byte, error) {
	return g.call(ctx, http.MethodPost, g.url, body, http.StatusCreated)
}

// list gets a page, with query ("" or "?$skip=..."), and returns the 200
// answer's body.
func (g graph) list(ctx context.Context, query string) ([]byte, error) {
	return g.call(ctx, http.MethodGet, g.url+query, nil, http.StatusOK)
}

func (g graph) call(ctx context.Context, method, url string, body []byte, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	req.Header = g.header(body != nil)
	resp, err := g.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read the answer: %w", method, url, err)
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, got)
	}
	return got, nil
}

// page is what the benchmark reads of a list answer.
type page struct {
	Value    []json.RawMessage `json:"value"`
	NextLink string            `json:"@odata.nextLink"`
}

func decodePage(body []byte) (page, error) {
	var p page
	if err := json.Unmarshal(body, &p); err != nil {
		return p, fmt.Errorf("decode a list page: %w", err)
	}
	return p, nil
}

// healthy answers nil once the emulator's GET /healthz answers 200.
func healthy(client *http.Client, addr string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /healthz: status %d", resp.StatusCode)
		}
		return nil
	}
}
