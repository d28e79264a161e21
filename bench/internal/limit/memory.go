package limit

import (
	"context"
	"sync"
	"time"
)

// Memory counts in process: one entry per client, reset when a new window
// begins, and the whole map dropped once a window has passed with no
// request, so it stays bounded by the clients of one window.
type Memory struct {
	mu      sync.Mutex
	counts  map[string]*window
	started time.Time
}

type window struct {
	start time.Time
	n     int64
}

// Incr adds one to client's count in the window that began at start.
func (m *Memory) Incr(_ context.Context, client string, start time.Time, _ time.Duration) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil || start.After(m.started) {
		if m.counts == nil || len(m.counts) > 10000 {
			m.counts = map[string]*window{}
		}
		m.started = start
	}
	w := m.counts[client]
	if w == nil {
		w = &window{}
		m.counts[client] = w
	}
	if !w.start.Equal(start) {
		w.start, w.n = start, 0
	}
	w.n++
	return w.n, nil
}
