package memory

// entry is one key with its value, threaded on its shard's LRU list and,
// when it has a TTL, held in its shard's expiry heap.
type entry struct {
	key    string
	value  []byte
	viewed bool // value was handed out by View: replace it, never write to it

	// expires is when the entry stops being visible, in nanoseconds since
	// the store's epoch; 0 means never.
	expires int64

	prev, next *entry // LRU list neighbours
	index      int    // position in the expiry heap; -1 when not in it
}

func (e *entry) expired(now int64) bool {
	return e.expires != 0 && e.expires <= now
}

func (e *entry) size() int64 {
	return int64(len(e.key) + len(e.value))
}

// expiresAt is the expiry of an entry written at now with ttl.
func expiresAt(now int64, ttl int64) int64 {
	if ttl <= 0 {
		return 0
	}
	return now + ttl
}
