package auth

import (
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/specdoc"
)

// TestTokenCacheKeepsTheTimeRules verifies a token once, then moves the
// clock: the remembered token is refused at the same instants a fresh
// verification would refuse it.
func TestTokenCacheKeepsTheTimeRules(t *testing.T) {
	secret := []byte("secret of the token cache test")
	issued := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := issued
	auth, err := New(Config{HS256Secret: secret}, func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	raw, err := MintToken(TokenOptions{Scopes: []string{specdoc.WriteScope()}, HS256Secret: secret, IssuedAt: issued, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at     time.Time
		status int // 0: accepted
	}{
		{issued, 0},
		{issued.Add(30 * time.Minute), 0},
		{issued.Add(-time.Second), http.StatusUnauthorized}, // before nbf
		{issued, 0},
		{issued.Add(time.Hour - time.Second), 0},
		{issued.Add(time.Hour), http.StatusUnauthorized}, // at exp, as the parser has it
		{issued.Add(time.Hour - time.Second), 0},
		{issued.Add(30 * time.Minute), 0},
	}
	for _, tt := range tests {
		clock = tt.at
		_, ae := auth.Verify("Bearer " + raw)
		got := 0
		if ae != nil {
			got = ae.Status
		}
		if got != tt.status {
			t.Errorf("at %s: status %d, want %d (%v)", tt.at.Sub(issued), got, tt.status, ae)
		}
	}
}

// TestTokenCacheIsBounded fills the cache beyond its size.
func TestTokenCacheIsBounded(t *testing.T) {
	now := time.Now()
	c := newTokenCache(8)
	valid := &Claims{}
	valid.ExpiresAt = jwtDate(now.Add(time.Hour))
	expired := &Claims{}
	expired.ExpiresAt = jwtDate(now.Add(-time.Hour))
	for i := range 100 {
		claims := valid
		if i%2 == 0 {
			claims = expired
		}
		c.put(string(rune('a'+i%26))+string(rune(i)), claims, now)
		if n := len(c.entries); n > 8 {
			t.Fatalf("after %d puts the cache holds %d tokens, more than its 8", i+1, n)
		}
	}
	if _, ok := c.get("x", now); ok {
		t.Error("a token never put was found")
	}
	c.put("long", valid, now)
	if _, ok := c.get("long", now); !ok {
		t.Error("the latest token is not cached")
	}
	huge := string(make([]byte, maxCachedTokenLen+1))
	c.put(huge, valid, now)
	if _, ok := c.get(huge, now); ok {
		t.Error("an oversized token was cached")
	}
}

func jwtDate(t time.Time) *jwt.NumericDate { return jwt.NewNumericDate(t) }
