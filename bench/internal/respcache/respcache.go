// Package respcache is the hand-written in-memory response cache the peer
// servers share: a map of captured 2xx bodies, each kept for a TTL, keyed
// by client and URL as Panther keys its own.
package respcache

import (
	"sync"
	"time"
)

// Entry is a captured response.
type Entry struct {
	Status      int
	ContentType string
	Body        []byte
	expires     time.Time
}

// Cache keeps entries until they expire. It is safe for concurrent use.
type Cache struct {
	TTL time.Duration

	mu      sync.RWMutex
	entries map[string]*Entry
}

// Get returns the live entry at key.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e, true
}

// Set keeps a 2xx response at key for the TTL; others are not kept.
func (c *Cache) Set(key string, status int, contentType string, body []byte) {
	if status < 200 || status > 299 {
		return
	}
	e := &Entry{Status: status, ContentType: contentType, Body: body, expires: time.Now().Add(c.TTL)}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 10000 {
		c.entries = map[string]*Entry{}
	}
	c.entries[key] = e
	c.mu.Unlock()
}
