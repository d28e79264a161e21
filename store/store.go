// Package store is the key–value contract that throttling, the response
// cache, token revocation and websocket broadcast share. Package
// store/memory implements it in process (the default) and store/redis on
// Redis, so several app instances share counters, cached responses and
// revocations; store/storetest is the conformance suite both pass.
//
// Keys are opaque strings chosen by the caller; a backend may prefix them.
// Every method takes a context and honours its deadline. Values are copied
// in and out: a caller may reuse a slice it passed or received.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Get for a key that is missing or expired.
var ErrNotFound = errors.New("store: key not found")

// ErrTooLarge is wrapped by the error of a Set or Incr that a bounded
// store refuses because the entry alone passes its bound. It says the
// value was too big, not that the store is failing.
var ErrTooLarge = errors.New("store: entry too large")

// Store is the contract. Implementations are safe for concurrent use.
type Store interface {
	// Get returns the value at key, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)

	// Set stores value at key for ttl, replacing any value and TTL it had.
	// A ttl of zero or less stores it without expiry.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error

	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error

	// Incr adds 1 to the integer at key and returns the result, atomically:
	// n concurrent calls on one key return 1..n, each once. A missing key
	// starts from 0 and gets ttl (no expiry when ttl <= 0); an existing key
	// keeps the TTL it has, so a fixed window ends when it began plus ttl.
	// A key holding a value that is not an integer is an error.
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)

	// Publish sends msg to every current subscriber of channel, in every
	// process sharing the store; it does not wait for them to read it.
	Publish(ctx context.Context, channel string, msg []byte) error

	// Subscribe returns the messages published to channel from now on. The
	// subscription ends, and the channel is closed, when ctx is done or the
	// store is closed. A subscriber that does not keep up may miss messages;
	// it never blocks publishers.
	Subscribe(ctx context.Context, channel string) (<-chan []byte, error)

	// Ping reports whether the store can be reached.
	Ping(ctx context.Context) error

	// Close releases the store's resources; using it afterwards is an error.
	Close() error
}

// A Viewer is a Store that can hand out a value without copying it, as an
// in-process store can. The response cache reads through View when the
// store has it, so a hit of a large response copies nothing.
type Viewer interface {
	// View is Get without the copy: the slice is the store's own, which
	// the caller must not modify. The store never modifies a slice it has
	// handed out, so the caller may keep it.
	View(ctx context.Context, key string) ([]byte, error)
}
