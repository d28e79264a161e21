package jwt

import (
	"sync"
	"time"
)

// verified remembers tokens whose signature and claims were checked, so a
// client that sends one token on every request pays for the HMAC, base64
// and JSON work once. An entry is used only while its token is within its
// validity window; revocation is still checked on every request, because
// it can change while the token is remembered. Keyed by the whole token,
// so only a byte-identical token, signature included, hits.
type verified struct {
	mu      sync.RWMutex
	entries map[string]verifiedEntry
	max     int
}

type verifiedEntry struct {
	claims    *claims
	validFrom time.Time // nbf minus the leeway
	validTo   time.Time // exp plus the leeway
}

const maxVerified = 4096

func (v *verified) get(token, kind string, now time.Time) *claims {
	v.mu.RLock()
	e, ok := v.entries[token]
	v.mu.RUnlock()
	if !ok || e.claims.TokenType != kind || now.Before(e.validFrom) || !now.Before(e.validTo) {
		return nil
	}
	return e.claims
}

func (v *verified) put(token string, c *claims, leeway time.Duration) {
	e := verifiedEntry{claims: c, validTo: c.ExpiresAt.Add(leeway)}
	if c.NotBefore != nil {
		e.validFrom = c.NotBefore.Add(-leeway)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.entries == nil {
		v.entries = make(map[string]verifiedEntry)
	}
	if len(v.entries) >= maxVerified {
		// Full: drop an eighth, chosen by map order, which is random enough
		// to keep a flood of one-off tokens from pinning the cache.
		n := maxVerified / 8
		for k := range v.entries {
			delete(v.entries, k)
			if n--; n == 0 {
				break
			}
		}
	}
	v.entries[token] = e
}
