package memory

// pruneBatch is how many expired entries a write frees. More than one, so
// that a shard written to at all frees its expired entries faster than
// writes can add new ones; few, so that no write holds the lock long.
const pruneBatch = 4

// evict frees entries until the shard is within its bounds, never keep
// (the entry just written). It frees an expired entry first, since that
// loses nothing, and otherwise the least recently used one. Both are O(1)
// to find: the soonest expiry is the top of the heap, and the least
// recently used entry is the back of the list; removing either costs
// O(log n) in the heap. A clock (second-chance) ring would save the list
// writes on reads but evicts only approximately least recently used; at
// one pointer move per read under a lock we already hold, exact LRU is
// cheap enough.
func (sh *shard) evict(now int64, keep *entry) {
	for len(sh.items) > sh.maxEntries || sh.bytes > sh.maxBytes {
		victim := sh.victim(now, keep)
		if victim == nil {
			return
		}
		sh.remove(victim)
	}
}

func (sh *shard) victim(now int64, keep *entry) *entry {
	if e := sh.expiry.soonest(); e != nil && e != keep && e.expired(now) {
		return e
	}
	if e := sh.recent.back(); e != nil && e != keep {
		return e
	}
	return nil
}

// prune frees up to pruneBatch expired entries; every write calls it,
// before writing. It stands in for a janitor goroutine, which would need
// a Close that an app used as a plain http.Handler never calls: keys
// written once and never read again, like throttle windows, are freed by
// the writes that follow them instead. When nothing has expired it costs
// one look at the top of the heap.
func (sh *shard) prune(now int64) {
	for range pruneBatch {
		e := sh.expiry.soonest()
		if e == nil || !e.expired(now) {
			return
		}
		sh.remove(e)
	}
}
