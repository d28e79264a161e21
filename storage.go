package panther

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

// storage is the app's store: Config.Store, a Redis store from
// Config.Redis, or an in-memory store made on first use. It also keeps
// store failures from flooding the log.
type storage struct {
	once    sync.Once
	s       store.Store
	own     bool // the app made s, so the app closes it
	mu      sync.Mutex
	lastLog map[string]time.Time
}

// storeFor returns the app's store, making the in-memory one on first use.
func (a *App) storeFor() store.Store {
	a.storage.once.Do(func() {
		if a.storage.s == nil {
			a.storage.s, a.storage.own = memory.New(memory.Options{}), true
		}
	})
	return a.storage.s
}

// storeFailed logs a store failure, once a minute per use at most: when
// Redis goes away every request fails the same way.
func (a *App) storeFailed(r *http.Request, use string, err error) {
	now := time.Now()
	a.storage.mu.Lock()
	last, seen := a.storage.lastLog[use]
	if !seen || now.Sub(last) >= time.Minute {
		if a.storage.lastLog == nil {
			a.storage.lastLog = map[string]time.Time{}
		}
		a.storage.lastLog[use] = now
	}
	a.storage.mu.Unlock()
	if seen && now.Sub(last) < time.Minute {
		return
	}
	a.logger.LogAttrs(r.Context(), slog.LevelError, fmt.Sprintf("panther: the store failed; %s is bypassed until it recovers", use),
		slog.String("path", r.URL.Path), slog.Any("error", err))
}

// Close releases what the app made for itself — its in-memory or Redis
// store — after serving. Serve calls it; an app served otherwise calls it
// when done. A store given in Config.Store is the caller's to close.
func (a *App) Close() error {
	if a.storage.own && a.storage.s != nil {
		return a.storage.s.Close()
	}
	return nil
}

// Store is the app's store — Config.Store, the Redis of Config.Redis, or
// the in-memory default — for plug-ins that keep state beside the
// framework's own, such as token revocation in auth/jwt.
func (r *Request) Store() store.Store { return r.app.storeFor() }
