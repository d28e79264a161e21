package memory

import (
	"bytes"
	"container/heap"
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/panther-go/panther/store"
)

// maxIntLen is the longest decimal int64, "-9223372036854775808".
const maxIntLen = 20

// shard is one independently locked part of the store, with its own
// share of the bounds.
type shard struct {
	mu     sync.Mutex
	items  map[string]*entry
	recent lru
	expiry expiryHeap
	bytes  int64

	maxEntries int
	maxBytes   int64
}

func (sh *shard) init(maxEntries int, maxBytes int64) {
	sh.maxEntries, sh.maxBytes = maxEntries, maxBytes
	sh.reset()
}

// reset empties the shard.
func (sh *shard) reset() {
	sh.items = make(map[string]*entry)
	sh.recent.init()
	sh.expiry = nil
	sh.bytes = 0
}

// get returns the value at key: a copy, or with view the shard's own.
func (sh *shard) get(key string, now int64, view bool) ([]byte, error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.live(key, now)
	if e == nil {
		return nil, store.ErrNotFound
	}
	sh.recent.moveToFront(e)
	if view {
		e.viewed = true
		return e.value[:len(e.value):len(e.value)], nil
	}
	return bytes.Clone(e.value), nil
}

// set stores value, which the shard now owns, at key.
func (sh *shard) set(key string, value []byte, expires, now int64) error {
	if err := sh.fits(key, len(value)); err != nil {
		return err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.prune(now)
	e := sh.items[key]
	if e == nil {
		e = sh.insert(key, value)
	} else {
		sh.bytes += int64(len(value) - len(e.value))
		e.value, e.viewed = value, false
		sh.recent.moveToFront(e)
	}
	sh.setExpiry(e, expires)
	sh.evict(now, e)
	return nil
}

func (sh *shard) delete(key string, now int64) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.prune(now)
	if e := sh.items[key]; e != nil {
		sh.remove(e)
	}
}

// incr adds 1 to the integer at key under the shard lock, which is what
// makes concurrent increments exact.
func (sh *shard) incr(key string, ttl, now int64) (int64, error) {
	if err := sh.fits(key, maxIntLen); err != nil {
		return 0, err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.prune(now)
	e := sh.live(key, now)
	if e == nil {
		e = sh.insert(key, append(make([]byte, 0, 8), '1'))
		sh.setExpiry(e, expiresAt(now, ttl))
		sh.evict(now, e)
		return 1, nil
	}
	n, ok := parseInt(e.value)
	if !ok {
		return 0, fmt.Errorf("store/memory: Incr %q: value is not an integer", key)
	}
	if n == math.MaxInt64 {
		return 0, fmt.Errorf("store/memory: Incr %q: would overflow", key)
	}
	n++
	old := len(e.value)
	buf := e.value[:0]
	if e.viewed { // a reader may hold the old value
		buf, e.viewed = make([]byte, 0, 8), false
	}
	e.value = strconv.AppendInt(buf, n, 10)
	sh.bytes += int64(len(e.value) - old)
	sh.recent.moveToFront(e)
	sh.evict(now, e)
	return n, nil
}

// fits refuses an entry that alone would exceed the shard's bytes.
func (sh *shard) fits(key string, valueLen int) error {
	if size := int64(len(key) + valueLen); size > sh.maxBytes {
		return fmt.Errorf("store/memory: key and value of %d bytes exceed the %d bytes a shard holds (MaxBytes / Shards): %w", size, sh.maxBytes, store.ErrTooLarge)
	}
	return nil
}

// live returns the entry at key if it has not expired, freeing it if it
// has: an entry is never visible at or after its expiry.
func (sh *shard) live(key string, now int64) *entry {
	e := sh.items[key]
	if e != nil && e.expired(now) {
		sh.remove(e)
		return nil
	}
	return e
}

func (sh *shard) insert(key string, value []byte) *entry {
	e := &entry{key: key, value: value, index: -1}
	sh.items[key] = e
	sh.bytes += e.size()
	sh.recent.pushFront(e)
	return e
}

func (sh *shard) remove(e *entry) {
	delete(sh.items, e.key)
	sh.recent.unlink(e)
	if e.index >= 0 {
		heap.Remove(&sh.expiry, e.index)
	}
	sh.bytes -= e.size()
}

func (sh *shard) setExpiry(e *entry, expires int64) {
	e.expires = expires
	switch {
	case expires == 0 && e.index >= 0:
		heap.Remove(&sh.expiry, e.index)
	case expires != 0 && e.index >= 0:
		heap.Fix(&sh.expiry, e.index)
	case expires != 0:
		heap.Push(&sh.expiry, e)
	}
}
