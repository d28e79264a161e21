package redis_test

import (
	"sync"
	"testing"
	"time"

	"github.com/panther-go/panther/store/redis"
)

// TestInstancesShareIncr runs two stores on one Redis and prefix, as two
// app instances would, and checks 1,000 concurrent increments split
// across them count exactly: each of 1..1000 is returned once.
func TestInstancesShareIncr(t *testing.T) {
	url := redisURL(t)
	prefix := uniquePrefix(t, url)
	instances := []*redis.Store{
		newStore(t, url, redis.Options{Prefix: prefix}),
		newStore(t, url, redis.Options{Prefix: prefix}),
	}
	const n = 1000
	results := make(chan int64, n)
	var wg sync.WaitGroup
	for i := range n {
		s := instances[i%len(instances)]
		wg.Go(func() {
			got, err := s.Incr(t.Context(), "window", time.Minute)
			if err != nil {
				t.Errorf("Incr = %v", err)
			}
			results <- got
		})
	}
	wg.Wait()
	close(results)
	seen := make(map[int64]bool, n)
	for got := range results {
		if got < 1 || got > n || seen[got] {
			t.Fatalf("Incr returned %d, out of 1..%d or twice", got, n)
		}
		seen[got] = true
	}
}

// TestInstancesSharePubSub checks a message published through one
// instance reaches a subscriber on another.
func TestInstancesSharePubSub(t *testing.T) {
	url := redisURL(t)
	prefix := uniquePrefix(t, url)
	a := newStore(t, url, redis.Options{Prefix: prefix})
	b := newStore(t, url, redis.Options{Prefix: prefix})
	msgs, err := b.Subscribe(t.Context(), "broadcast")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Publish(t.Context(), "broadcast", []byte("hello from a")); err != nil {
		t.Fatal(err)
	}
	wantMessage(t, msgs, "hello from a", 5*time.Second)
}

// TestPrefixesKeepApart checks two stores with different prefixes on one
// Redis see neither each other's keys nor each other's messages.
func TestPrefixesKeepApart(t *testing.T) {
	url := redisURL(t)
	a := newStore(t, url, redis.Options{})
	b := newStore(t, url, redis.Options{})
	if err := a.Set(t.Context(), "k", []byte("a's"), 0); err != nil {
		t.Fatal(err)
	}
	if v, err := b.Get(t.Context(), "k"); err == nil {
		t.Errorf("b.Get(k) = %q, want ErrNotFound: prefixes must keep apart", v)
	}
	msgs, err := b.Subscribe(t.Context(), "c")
	if err != nil {
		t.Fatal(err)
	}
	a.Publish(t.Context(), "c", []byte("for a only"))
	b.Publish(t.Context(), "c", []byte("for b"))
	wantMessage(t, msgs, "for b", 5*time.Second)
}
