// Package memory is the in-process store.Store, the default when no
// Redis is configured. Unlike Python Panther's in-memory fallbacks, which
// grow without bound and read-then-write their counters, it is bounded,
// pruned and atomic:
//
//   - Bounded: Options.MaxEntries and Options.MaxBytes (keys plus values)
//     cap what it holds. The keys are spread by hash over Options.Shards
//     shards, each with its own mutex and an equal share of both bounds;
//     a write that would overflow its shard evicts there, expired entries
//     first, then the least recently used.
//   - Exact TTLs: an entry is invisible from the instant it expires, on
//     the monotonic clock, whether or not it has been freed yet.
//   - Pruned without a goroutine: every write frees a few expired
//     entries of its shard, so keys written once and never read again,
//     like throttle windows, do not linger, and a store that is never
//     closed leaks no goroutine.
//   - Atomic: Incr runs under its shard's lock, so n concurrent calls on
//     one key return 1..n, each once.
//
// Publish and Subscribe reach the subscribers in this process only; a
// subscriber that falls 64 messages behind misses messages rather than
// blocking the publisher. Several app instances that must share counters,
// cached responses or broadcasts use store/redis instead.
package memory
