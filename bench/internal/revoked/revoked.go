// Package revoked is the peers' token revocation list, checked on every
// authenticated request as Panther's auth/jwt checks its own: a set of
// revoked token ids in process, or a key per id in Redis.
package revoked

import (
	"context"
	"errors"
	"sync"

	"github.com/redis/go-redis/v9"
)

// List answers whether a token id has been revoked.
type List interface {
	Revoked(ctx context.Context, jti string) (bool, error)
}

// Memory keeps revoked ids in process.
type Memory struct {
	mu  sync.RWMutex
	ids map[string]bool
}

// Revoked reports whether jti was revoked.
func (m *Memory) Revoked(_ context.Context, jti string) (bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.ids[jti], nil
}

// Revoke adds jti to the list.
func (m *Memory) Revoke(jti string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ids == nil {
		m.ids = map[string]bool{}
	}
	m.ids[jti] = true
}

// Redis keeps a key per revoked id.
type Redis struct {
	Client *redis.Client
	Prefix string
}

// Revoked reports whether jti was revoked: one GET.
func (r *Redis) Revoked(ctx context.Context, jti string) (bool, error) {
	err := r.Client.Get(ctx, r.Prefix+jti).Err()
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, redis.Nil):
		return false, nil
	}
	return false, err
}
