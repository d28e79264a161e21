package redis

import (
	"fmt"

	goredis "github.com/redis/go-redis/v9"
)

// Open is New without the ping: it parses url and makes the store, and the
// first call — or Ping — finds out whether Redis is there. A panther.App
// opens its Config.Redis this way and pings it when it starts serving.
func Open(url string, opts Options) (*Store, error) {
	o, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("store/redis: %w", err)
	}
	// Let the context's deadline, not go-redis's fixed 3 s read timeout,
	// bound each call.
	o.ContextTimeoutEnabled = true
	// A refused connection is an answer: dial once, and let the pool's
	// background redial find the server when it is back, rather than retry
	// five times inside every call while Redis is down.
	if o.DialerRetries == 0 {
		o.DialerRetries = 1
	}
	return newStore(goredis.NewClient(o), opts, true), nil
}
