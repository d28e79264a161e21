package panther

import "sync"

// memo remembers values derived from keys — store keys made from a
// client and a URL, decoded cache entries — so a repeated request does
// not derive them again. It is bounded by entries and by bytes: a value
// that would pass either bound empties the memo first, so an attacker who
// sends a new key every time costs a reset, never memory. Each memo's
// bounds are fixed where it is declared and listed in API.Cache's and
// Throttle's docs.
type memo[K comparable, V any] struct {
	mu         sync.RWMutex
	entries    map[K]V
	bytes      int
	maxEntries int
	maxBytes   int
}

func newMemo[K comparable, V any](maxEntries, maxBytes int) *memo[K, V] {
	return &memo[K, V]{maxEntries: maxEntries, maxBytes: maxBytes}
}

func (m *memo[K, V]) get(k K) (V, bool) {
	m.mu.RLock()
	v, ok := m.entries[k]
	m.mu.RUnlock()
	return v, ok
}

// put remembers v at k; size is what the pair holds in bytes. A pair
// larger than a quarter of the bound is not remembered at all.
func (m *memo[K, V]) put(k K, v V, size int) {
	size += memoOverhead
	if size > m.maxBytes/4 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[k]; ok {
		return // another request remembered it first; its size is counted
	}
	if m.entries == nil || len(m.entries) >= m.maxEntries || m.bytes+size > m.maxBytes {
		m.entries, m.bytes = make(map[K]V), 0
	}
	m.entries[k] = v
	m.bytes += size
}

// memoOverhead is what a map entry costs beyond its strings and slices:
// the bucket slot, string and slice headers, a pointer or two.
const memoOverhead = 96
