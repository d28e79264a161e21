package memory

// expiryHeap is a min-heap of a shard's entries that have a TTL, soonest
// expiry first, for container/heap. It lets eviction find an expired
// entry in O(1) and writes free the expired ones in O(log n) each,
// without scanning entries that are still live.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires < h[j].expires }

func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.index = -1
	return e
}

// soonest returns the entry that expires first, or nil.
func (h expiryHeap) soonest() *entry {
	if len(h) == 0 {
		return nil
	}
	return h[0]
}
