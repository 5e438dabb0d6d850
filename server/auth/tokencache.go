package auth

import (
	"sync"
	"time"
)

// maxCachedTokens bounds the token cache: an emulator has few callers, and
// each holds one token at a time until it is refreshed.
const maxCachedTokens = 1024

// maxCachedTokenLen keeps oversized tokens out of the cache, so that its
// memory stays bounded by maxCachedTokens × maxCachedTokenLen.
const maxCachedTokenLen = 16 << 10

// tokenCache remembers the claims of tokens whose signature, audience and
// times were verified, so that a client calling again with the same token
// is not verified again. It weakens no check: only tokens that passed are
// cached, the times are checked again on every hit exactly as the parser
// checks them (a token leaves the cache at its exp), and the checks that
// depend on the configuration rather than the token (personal accounts,
// app-only tokens, permissions) run on every request. The claims are shared
// by the requests that carry the token and must not be changed.
type tokenCache struct {
	mu      sync.RWMutex
	entries map[string]*Claims
	max     int
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{entries: make(map[string]*Claims), max: max}
}

// get returns the claims of raw if it was verified and is still valid at now.
func (c *tokenCache) get(raw string, now time.Time) (*Claims, bool) {
	c.mu.RLock()
	claims, ok := c.entries[raw]
	c.mu.RUnlock()
	if !ok {
		return nil, false
	}
	if !validAt(claims, now) {
		c.mu.Lock()
		delete(c.entries, raw)
		c.mu.Unlock()
		return nil, false
	}
	return claims, true
}

// put remembers verified claims. When the cache is full it first drops the
// tokens that are no longer valid, then, if none were, an arbitrary one.
func (c *tokenCache) put(raw string, claims *Claims, now time.Time) {
	if len(raw) > maxCachedTokenLen {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k, v := range c.entries {
			if !validAt(v, now) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[raw] = claims
}

// validAt applies the parser's time rules (no leeway): before exp, and
// not before nbf.
func validAt(c *Claims, now time.Time) bool {
	if c.ExpiresAt == nil || !now.Before(c.ExpiresAt.Time) {
		return false
	}
	return c.NotBefore == nil || !now.Before(c.NotBefore.Time)
}
