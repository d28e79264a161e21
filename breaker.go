package panther

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panther-go/panther/store"
)

// breaker is the app's store behind a circuit breaker. After a store call
// fails, calls fail at once with errStoreUnavailable for a short backoff
// that doubles while the store stays down; then one call at a time probes
// it, and the first that succeeds closes the breaker. So when Redis goes
// away, requests cost microseconds instead of a timeout each, and the
// outage and the recovery are logged once each.
//
// A call whose own context ended — its client left — says nothing about
// the store, and neither does ErrNotFound or ErrTooLarge.
type breaker struct {
	store.Store
	logger *slog.Logger
	app    *App // its observers hear of failures and of the breaker's state

	tripped atomic.Bool   // the fast path: false while the store works
	gen     atomic.Uint64 // counts recoveries: a call that began before the last one says nothing of now

	mu      sync.Mutex
	since   time.Time // when the outage began
	until   time.Time // no call before this
	backoff time.Duration
	probing bool
}

const (
	minStoreBackoff = 25 * time.Millisecond
	maxStoreBackoff = 500 * time.Millisecond
)

// errStoreUnavailable is what calls get while the breaker is open.
var errStoreUnavailable = errors.New("panther: the store is unavailable after a failure; calls resume when a probe succeeds")

// enter decides whether a call may go to the store; probe is true for the
// one call that finds out whether it is back.
func (b *breaker) enter() (probe bool, gen uint64, err error) {
	gen = b.gen.Load()
	if !b.tripped.Load() {
		return false, gen, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.tripped.Load():
		return false, b.gen.Load(), nil
	case b.probing || time.Now().Before(b.until):
		return false, gen, errStoreUnavailable
	}
	b.probing = true
	return true, gen, nil
}

// leave records how a call went. A failure of a call that began before
// the last recovery — one that hung through the outage — is old news.
func (b *breaker) leave(ctx context.Context, probe bool, gen uint64, err error) {
	// In the order of cost: most calls succeed or find nothing.
	failed := err != nil && err != store.ErrNotFound &&
		!errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrTooLarge) && ctx.Err() == nil
	if failed && b.app != nil {
		b.app.noteStoreFailed(err)
	}
	if !failed && !probe || !probe && gen != b.gen.Load() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if probe {
		b.probing = false
	}
	switch {
	case failed && !b.tripped.Load():
		b.since, b.backoff = now, minStoreBackoff
		b.until = now.Add(b.backoff)
		b.tripped.Store(true)
		if b.app != nil {
			b.app.noteBreaker(true)
		}
		b.logger.LogAttrs(ctx, slog.LevelError, "panther: the store failed; throttling and the response cache are bypassed until it recovers",
			slog.Any("error", err))
	case failed && probe:
		b.backoff = min(2*b.backoff, maxStoreBackoff)
		b.until = now.Add(b.backoff)
	case probe && err == nil || probe && errors.Is(err, store.ErrNotFound):
		b.gen.Add(1)
		b.tripped.Store(false)
		if b.app != nil {
			b.app.noteBreaker(false)
		}
		b.logger.LogAttrs(ctx, slog.LevelInfo, "panther: the store recovered", slog.Duration("outage", now.Sub(b.since)))
	}
	// A probe whose client left learned nothing: the next call probes.
}

// through makes call through the breaker.
func through[T any](b *breaker, ctx context.Context, call func() (T, error)) (T, error) {
	probe, gen, err := b.enter()
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := call()
	b.leave(ctx, probe, gen, err)
	return v, err
}

func (b *breaker) Get(ctx context.Context, key string) ([]byte, error) {
	return through(b, ctx, func() ([]byte, error) { return b.Store.Get(ctx, key) })
}

// View is store.Viewer's View when the store has it, else Get.
func (b *breaker) View(ctx context.Context, key string) ([]byte, error) {
	if v, ok := b.Store.(store.Viewer); ok {
		return through(b, ctx, func() ([]byte, error) { return v.View(ctx, key) })
	}
	return b.Get(ctx, key)
}

func (b *breaker) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	return through(b, ctx, func() (int64, error) { return b.Store.Incr(ctx, key, ttl) })
}

func (b *breaker) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	_, err := through(b, ctx, func() (struct{}, error) { return struct{}{}, b.Store.Set(ctx, key, value, ttl) })
	return err
}

func (b *breaker) Delete(ctx context.Context, key string) error {
	_, err := through(b, ctx, func() (struct{}, error) { return struct{}{}, b.Store.Delete(ctx, key) })
	return err
}

func (b *breaker) Publish(ctx context.Context, channel string, msg []byte) error {
	_, err := through(b, ctx, func() (struct{}, error) { return struct{}{}, b.Store.Publish(ctx, channel, msg) })
	return err
}
