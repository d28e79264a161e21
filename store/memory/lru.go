package memory

// lru is an intrusive doubly linked list of entries, most recently used
// at the front. Intrusive (the links live in the entry) so a touch is a
// few pointer writes with no allocation, and an eviction is O(1).
type lru struct {
	root entry // sentinel: root.next is the front, root.prev the back
}

func (l *lru) init() {
	l.root.next = &l.root
	l.root.prev = &l.root
}

func (l *lru) pushFront(e *entry) {
	e.prev = &l.root
	e.next = l.root.next
	e.prev.next = e
	e.next.prev = e
}

func (l *lru) unlink(e *entry) {
	e.prev.next = e.next
	e.next.prev = e.prev
	e.prev, e.next = nil, nil
}

func (l *lru) moveToFront(e *entry) {
	if l.root.next == e {
		return
	}
	l.unlink(e)
	l.pushFront(e)
}

// back returns the least recently used entry, or nil.
func (l *lru) back() *entry {
	if l.root.prev == &l.root {
		return nil
	}
	return l.root.prev
}
