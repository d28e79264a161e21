package limit

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// incr counts and, for a new key, sets its expiry: one round trip, atomic.
var incr = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`)

// Redis counts in Redis, so several instances share the counts.
type Redis struct {
	Client *redis.Client
	Prefix string // prepended to every key
}

// Incr adds one to client's count in the window that began at start.
func (r *Redis) Incr(ctx context.Context, client string, start time.Time, window time.Duration) (int64, error) {
	key := r.Prefix + client + ":" + strconv.FormatInt(start.Unix(), 10)
	ttl := time.Until(start.Add(window)) + time.Second
	return incr.Run(ctx, r.Client, []string{key}, ttl.Milliseconds()).Int64()
}
