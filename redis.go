package panther

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/redis"
)

// openRedis makes the store of Config.Redis without contacting Redis:
// RunStartup pings it, so a bad URL fails New and an unreachable server
// fails the start.
func openRedis(url string) store.Store {
	s, err := redis.Open(url, redis.Options{})
	if err != nil {
		panic(fmt.Sprintf("panther: Config.Redis: %v; give a URL such as redis://127.0.0.1:6379/0", err))
	}
	return s
}

// redactURL hides a password in a Redis URL, for messages.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "the configured URL"
}

// pingStore is the first startup step of an app with a Redis or given
// store: a store it cannot reach stops the start.
func (a *App) pingStore(ctx context.Context) error {
	if a.storage.s == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := a.storage.s.Ping(ctx); err != nil {
		if a.cfg.Store == nil {
			return fmt.Errorf("panther: cannot reach Redis at %s (Config.Redis): %w; is redis-server running, and is the URL right?", redactURL(a.cfg.Redis), err)
		}
		return fmt.Errorf("panther: the store cannot be reached (Config.Store): %w", err)
	}
	return nil
}
