package memory

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

// sweep frees up to limit expired entries and reports whether more may
// remain. The janitor calls it in rounds so no round holds the lock long.
func (sh *shard) sweep(now int64, limit int) bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for range limit {
		e := sh.expiry.soonest()
		if e == nil || !e.expired(now) {
			return false
		}
		sh.remove(e)
	}
	return true
}
