package azauth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/google/go-cmp/cmp"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/client/azauth"
)

// fakeCredential is an azcore.TokenCredential that hands out numbered
// tokens and records what it was asked for.
type fakeCredential struct {
	mu      sync.Mutex
	scopes  [][]string
	expires time.Time
	err     error
}

func (f *fakeCredential) GetToken(_ context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scopes = append(f.scopes, opts.Scopes)
	if f.err != nil {
		return azcore.AccessToken{}, f.err
	}
	return azcore.AccessToken{Token: "token-" + string(rune('0'+len(f.scopes))), ExpiresOn: f.expires}, nil
}

func TestTokenSource(t *testing.T) {
	tests := []struct {
		name   string
		scopes []string
		want   []string
	}{
		{"default scope", nil, []string{azauth.GraphScope}},
		{"national cloud", []string{"https://graph.microsoft.us/.default"}, []string{"https://graph.microsoft.us/.default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred := &fakeCredential{expires: time.Now().Add(time.Hour)}
			ts, err := azauth.NewTokenSource(t.Context(), cred, tt.scopes...)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				tok, err := ts.Token()
				if err != nil {
					t.Fatal(err)
				}
				if tok.AccessToken != "token-1" || tok.Type() != "Bearer" || !tok.Expiry.Equal(cred.expires) {
					t.Errorf("token %+v", tok)
				}
			}
			// Reused until it expires: one request to the credential.
			if diff := cmp.Diff([][]string{tt.want}, cred.scopes); diff != "" {
				t.Errorf("scopes asked for (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokenSourceExpired(t *testing.T) {
	cred := &fakeCredential{expires: time.Now().Add(-time.Minute)}
	ts, err := azauth.NewTokenSource(t.Context(), cred)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	if len(cred.scopes) != 2 {
		t.Errorf("expired token reused: %d requests to the credential, want 2", len(cred.scopes))
	}
}

func TestTokenSourceErrors(t *testing.T) {
	boom := errors.New("no credential available")
	ts, err := azauth.NewTokenSource(t.Context(), &fakeCredential{err: boom})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); !errors.Is(err, boom) {
		t.Errorf("error %v, want the credential's", err)
	}
	for name, build := range map[string]func() error{
		"nil credential": func() error { _, err := azauth.NewTokenSource(t.Context(), nil); return err },
		"nil context": func() error {
			var ctx context.Context
			_, err := azauth.NewTokenSource(ctx, &fakeCredential{})
			return err
		},
		"empty scope": func() error { _, err := azauth.NewTokenSource(t.Context(), &fakeCredential{}, ""); return err },
	} {
		if build() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestWithClient checks that the client sends the credential's token.
func TestWithClient(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Authorization")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	ts, err := azauth.NewTokenSource(t.Context(), &fakeCredential{expires: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.WithBaseURL(srv.URL+"/beta"), client.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAssignment(t.Context(), "config", "assignment"); err != nil {
		t.Fatal(err)
	}
	if auth := <-got; auth != "Bearer token-1" {
		t.Errorf("Authorization %q, want the credential's token", auth)
	}
}
