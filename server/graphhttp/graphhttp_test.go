package graphhttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/specfirst/intune-assignments/server/graphhttp"
)

func TestRetryLater(t *testing.T) {
	tests := []struct {
		wait        time.Duration
		retryAfter  string
		messageTail string
	}{
		{0, "1", "Retry after 1 seconds."},
		{time.Millisecond, "1", "Retry after 1 seconds."},
		{time.Second, "1", "Retry after 1 seconds."},
		{1500 * time.Millisecond, "2", "Retry after 2 seconds."},
		{30 * time.Second, "30", "Retry after 30 seconds."},
	}
	for _, tt := range tests {
		t.Run(tt.wait.String(), func(t *testing.T) {
			e := graphhttp.RetryLater(http.StatusTooManyRequests, "Too many requests.", tt.wait)
			if e.Status != http.StatusTooManyRequests || e.Code != "TooManyRequests" {
				t.Errorf("status %d code %q, want 429 TooManyRequests", e.Status, e.Code)
			}
			if got := e.Header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
			}
			if !strings.HasPrefix(e.Message, "Too many requests. ") || !strings.HasSuffix(e.Message, tt.messageTail) {
				t.Errorf("message %q, want it to end %q", e.Message, tt.messageTail)
			}
		})
	}
}

func TestInternalHidesTheCause(t *testing.T) {
	cause := errors.New("open /var/lib/data.db: permission denied")
	e := graphhttp.Internal(cause)
	if e.Status != http.StatusInternalServerError || strings.Contains(e.Message, "permission") {
		t.Errorf("Internal = %d %q: the client must learn nothing of the cause", e.Status, e.Message)
	}
	if !errors.Is(e, cause) || !strings.Contains(e.Error(), "permission denied") {
		t.Errorf("the cause is lost for the logs: %v", e)
	}
}

// TestRequestInfoOverHTTP serves requests through Requests.Start and checks
// the headers against the ids the handler sees and writes into an error
// body.
func TestRequestInfoOverHTTP(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name, clientRequestID string
		echoed                bool // the client's id comes back as sent
	}{
		{"a GUID", "9f0c4f2e-3c2b-4d8e-9a57-0c6f2b7d1e55", true},
		{"printable ASCII", "run 42/step:7", true},
		{"none", "", false},
		{"too long", long, false},
		{"not ASCII", "é", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := echo.New()
			rs := graphhttp.NewRequests("/beta")
			e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
				return func(c echo.Context) error { rs.Start(c); return next(c) }
			})
			var seen graphhttp.RequestInfo
			e.GET("/x", func(c echo.Context) error {
				seen = graphhttp.RequestInfoFrom(c.Request().Context())
				body := graphhttp.ErrorBody(c.Request().Context(), time.Now(), "BadRequest", "no", "")
				return c.JSON(http.StatusBadRequest, body)
			})
			srv := httptest.NewServer(e)
			defer srv.Close()
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.clientRequestID != "" {
				req.Header.Set(graphhttp.HeaderClientRequestID, tt.clientRequestID)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()

			requestID := resp.Header.Get(graphhttp.HeaderRequestID)
			if _, err := uuid.Parse(requestID); err != nil || requestID != seen.RequestID {
				t.Errorf("request-id %q (handler saw %q), want the same GUID", requestID, seen.RequestID)
			}
			want := requestID
			if tt.echoed {
				want = tt.clientRequestID
			}
			if got := resp.Header.Get(graphhttp.HeaderClientRequestID); got != want || seen.ClientRequestID != want {
				t.Errorf("client-request-id %q (handler saw %q), want %q", got, seen.ClientRequestID, want)
			}
			if seen.APIRoot != srv.URL+"/beta" {
				t.Errorf("API root %q, want %q", seen.APIRoot, srv.URL+"/beta")
			}
			var body struct {
				Error struct {
					InnerError struct {
						RequestID       string `json:"request-id"`
						ClientRequestID string `json:"client-request-id"`
					} `json:"innerError"`
				} `json:"error"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if in := body.Error.InnerError; in.RequestID != requestID || in.ClientRequestID != want {
				t.Errorf("innerError %+v disagrees with the headers", in)
			}
		})
	}
	if info := graphhttp.RequestInfoFrom(context.Background()); info != (graphhttp.RequestInfo{}) {
		t.Errorf("outside a request: %+v, want the zero value", info)
	}
}
