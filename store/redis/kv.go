package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/store"
)

// incrScript increments KEYS[1] and, only if the key did not exist, gives
// it a TTL of ARGV[1] milliseconds (none for 0). One script, so no other
// client can slip in between: the count is exact, and a later Incr never
// extends the window the first one began. Checking EXISTS rather than
// "result is 1" also keeps the TTL (or none) of a key Set to "0". The
// result is read back with GET because Lua numbers are doubles: INCR's
// reply passed through Lua would lose precision above 2^53.
const incrScript = `
local created = redis.call('EXISTS', KEYS[1]) == 0
redis.call('INCR', KEYS[1])
if created and tonumber(ARGV[1]) > 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return redis.call('GET', KEYS[1])
`

// Get returns the value at key, or store.ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	v, err := s.client.Get(ctx, s.prefix+key).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store/redis: Get: %w", err)
	}
	return v, nil
}

// Set stores value at key for ttl, or without expiry when ttl <= 0.
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	if err := s.client.Set(ctx, s.prefix+key, value, roundTTL(ttl)).Err(); err != nil {
		return fmt.Errorf("store/redis: Set: %w", err)
	}
	return nil
}

// Delete removes key.
func (s *Store) Delete(ctx context.Context, key string) error {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	if err := s.client.Del(ctx, s.prefix+key).Err(); err != nil {
		return fmt.Errorf("store/redis: Delete: %w", err)
	}
	return nil
}

// Incr adds 1 to the integer at key in one atomic script; a new key
// starts at 1 and expires after ttl, an existing one keeps its TTL.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer cancel()
	n, err := s.incr.Run(ctx, s.client, []string{s.prefix + key}, roundTTL(ttl).Milliseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("store/redis: Incr: %w", err)
	}
	return n, nil
}

// roundTTL maps ttl to what Redis can store: whole milliseconds, rounded
// up so a key never expires early, and 0 (no expiry) for ttl <= 0, which
// go-redis would otherwise read as KEEPTTL (-1) or an error.
func roundTTL(ttl time.Duration) time.Duration {
	if ttl <= 0 {
		return 0
	}
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
}
