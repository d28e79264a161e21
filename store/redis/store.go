package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/store"
)

var _ store.Store = (*Store)(nil)

var errClosed = errors.New("store/redis: store is closed")

// Store is a store.Store on one Redis. It is safe for concurrent use.
type Store struct {
	client  *goredis.Client
	owned   bool // New or Open made the client, so Close closes it
	prefix  string
	timeout time.Duration
	incr    *goredis.Script

	mu     sync.Mutex // orders Subscribe against Close
	closed atomic.Bool
	done   chan struct{} // closed by Close to end the subscriptions
	subs   sync.WaitGroup
}

// New connects to the Redis at url ("redis://[user:password@]host:port/db"
// or "rediss://…" for TLS; see go-redis's ParseURL for the query
// options) and pings it, so a wrong URL or a Redis that is not running
// fails here, within opts.Timeout, rather than on the first request.
func New(ctx context.Context, url string, opts Options) (*Store, error) {
	s, err := Open(url, opts)
	if err != nil {
		return nil, err
	}
	if err := s.ping(ctx); err != nil {
		s.client.Close()
		o := s.client.Options()
		err = diagnose(o.Network, o.Addr, s.timeout, err)
		return nil, fmt.Errorf("store/redis: cannot reach Redis at %s: %w; is redis-server running, and is the URL right?", o.Addr, err)
	}
	return s, nil
}

// FromClient wraps a client the caller made and keeps: Close leaves it
// open. Options.Timeout cuts a call short only if the client has
// ContextTimeoutEnabled; otherwise its own read and write timeouts do.
func FromClient(client *goredis.Client, opts Options) *Store {
	return newStore(client, opts, false)
}

func newStore(client *goredis.Client, opts Options, owned bool) *Store {
	opts = opts.withDefaults()
	return &Store{
		client:  client,
		owned:   owned,
		prefix:  opts.Prefix,
		timeout: opts.Timeout,
		incr:    goredis.NewScript(incrScript),
		done:    make(chan struct{}),
	}
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.ping(ctx); err != nil {
		return fmt.Errorf("store/redis: Ping: %w", err)
	}
	return nil
}

func (s *Store) ping(ctx context.Context) error {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	return s.client.Ping(ctx).Err()
}

// Close ends every subscription and, if New made the client, closes it.
// Calls after it fail; a second Close does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed.Swap(true) {
		s.mu.Unlock()
		return nil
	}
	close(s.done)
	s.mu.Unlock()
	s.subs.Wait()
	if s.owned {
		return s.client.Close()
	}
	return nil
}

// begin checks that a call may start and bounds it by the Timeout.
func (s *Store) begin(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if s.closed.Load() {
		return nil, nil, errClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	return ctx, cancel, nil
}
