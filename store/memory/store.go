package memory

import (
	"bytes"
	"context"
	"errors"
	"hash/maphash"
	"sync/atomic"
	"time"

	"github.com/panther-go/panther/store"
)

var _ store.Store = (*Store)(nil)

var errClosed = errors.New("store/memory: store is closed")

// Store is the in-process store. Make one with New; it is safe for
// concurrent use.
type Store struct {
	seed   maphash.Seed
	shards []shard
	mask   uint64
	epoch  time.Time // TTLs count from here on the monotonic clock
	hub    hub
	closed atomic.Bool
}

// New returns an empty store. It starts no goroutine, so a store that is
// never closed leaks nothing: the writes free expired entries (see Len).
func New(opts Options) *Store {
	opts = opts.withDefaults()
	s := &Store{
		seed:   maphash.MakeSeed(),
		shards: make([]shard, opts.Shards),
		mask:   uint64(opts.Shards - 1),
		epoch:  time.Now(),
		hub:    hub{subs: make(map[string]map[*subscriber]struct{})},
	}
	for i := range s.shards {
		s.shards[i].init(opts.MaxEntries/opts.Shards, opts.MaxBytes/int64(opts.Shards))
	}
	return s
}

// Get returns a copy of the value at key, or store.ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.shard(key).get(key, s.now(), false)
}

// View is Get without the copy (see store.Viewer): the slice must not be
// modified, and the store never modifies it.
func (s *Store) View(ctx context.Context, key string) ([]byte, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.shard(key).get(key, s.now(), true)
}

// Set stores a copy of value at key for ttl (forever when ttl <= 0),
// evicting other entries of its shard if the store is full. It fails
// only for a key and value larger than MaxBytes / Shards.
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	now := s.now()
	return s.shard(key).set(key, bytes.Clone(value), expiresAt(now, int64(ttl)), now)
}

// Delete removes key.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	s.shard(key).delete(key, s.now())
	return nil
}

// Incr adds 1 to the integer at key, atomically; a new key starts at 1
// and expires after ttl, an existing one keeps its expiry.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := s.check(ctx); err != nil {
		return 0, err
	}
	return s.shard(key).incr(key, int64(ttl), s.now())
}

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	return s.check(ctx)
}

// Len returns how many entries the store holds, counting expired ones
// not freed yet. It never exceeds MaxEntries. A read frees the expired
// entry it finds, and each Set, Incr or Delete also frees up to four
// expired entries of its shard, soonest expired first, so expired
// entries stay only until enough writes reach their shard.
func (s *Store) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.items)
		sh.mu.Unlock()
	}
	return n
}

// Close ends every subscription and frees the entries. Calls after it
// fail; a second Close does nothing.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.hub.close()
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		sh.reset()
		sh.mu.Unlock()
	}
	return nil
}

func (s *Store) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed.Load() {
		return errClosed
	}
	return nil
}

func (s *Store) shard(key string) *shard {
	return &s.shards[maphash.String(s.seed, key)&s.mask]
}

// now is the time in nanoseconds since the epoch, on the monotonic clock
// so that wall-clock jumps do not move expiries.
func (s *Store) now() int64 {
	return int64(time.Since(s.epoch))
}
