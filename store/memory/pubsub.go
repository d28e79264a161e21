package memory

import (
	"bytes"
	"context"
	"sync"
)

// subscriberBuffer is how many messages a subscriber may fall behind
// before it misses some.
const subscriberBuffer = 64

// hub is the in-process pub/sub: a set of subscribers per channel.
type hub struct {
	mu     sync.RWMutex
	subs   map[string]map[*subscriber]struct{}
	closed bool
}

type subscriber struct {
	ch   chan []byte
	stop func() bool // unregisters the context callback
}

// Publish sends a copy of msg to each current subscriber of channel. A
// subscriber whose buffer is full misses it: Publish never blocks.
func (s *Store) Publish(ctx context.Context, channel string, msg []byte) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	s.hub.mu.RLock()
	defer s.hub.mu.RUnlock()
	for sub := range s.hub.subs[channel] {
		select {
		case sub.ch <- bytes.Clone(msg):
		default:
		}
	}
	return nil
}

// Subscribe returns the messages published to channel from now on,
// buffered; the channel closes when ctx is done or the store is closed.
func (s *Store) Subscribe(ctx context.Context, channel string) (<-chan []byte, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errClosed
	}
	sub := &subscriber{ch: make(chan []byte, subscriberBuffer)}
	if h.subs[channel] == nil {
		h.subs[channel] = make(map[*subscriber]struct{})
	}
	h.subs[channel][sub] = struct{}{}
	sub.stop = context.AfterFunc(ctx, func() { h.unsubscribe(channel, sub) })
	return sub.ch, nil
}

func (h *hub) unsubscribe(channel string, sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[channel][sub]; !ok {
		return
	}
	delete(h.subs[channel], sub)
	if len(h.subs[channel]) == 0 {
		delete(h.subs, channel)
	}
	close(sub.ch)
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, subs := range h.subs {
		for sub := range subs {
			sub.stop()
			close(sub.ch)
		}
	}
	h.subs = nil
}
