package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/panther-go/panther/store/redis"
)

// TestServerRestart kills a private redis-server under a live store:
// every call then fails within the Timeout, and once the server is back
// on the same port the same store works again, subscription included.
func TestServerRestart(t *testing.T) {
	const timeout = 500 * time.Millisecond
	srv := newRedisServer(t)
	s, err := redis.New(t.Context(), srv.url(), redis.Options{Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	msgs, err := s.Subscribe(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ctx, "k", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}

	srv.stop()
	for _, c := range calls() {
		start := time.Now()
		err := c.call(ctx, s)
		if elapsed := time.Since(start); err == nil || elapsed > timeout+250*time.Millisecond {
			t.Errorf("%s with Redis gone = %v after %v; want an error within %v", c.name, err, elapsed, timeout)
		}
	}

	srv.start()
	eventually(t, "Ping succeeds after the restart", func() bool { return s.Ping(ctx) == nil })
	if _, err := s.Incr(ctx, "k", time.Minute); err != nil {
		t.Errorf("Incr after the restart = %v", err)
	}
	eventually(t, "the subscription receives again", func() bool {
		s.Publish(ctx, "news", []byte("back"))
		select {
		case m := <-msgs:
			return string(m) == "back"
		case <-time.After(100 * time.Millisecond):
			return false
		}
	})
}

type call struct {
	name string
	call func(ctx context.Context, s *redis.Store) error
}

func calls() []call {
	return []call{
		{"Get", func(ctx context.Context, s *redis.Store) error { _, err := s.Get(ctx, "k"); return err }},
		{"Set", func(ctx context.Context, s *redis.Store) error { return s.Set(ctx, "k", []byte("v"), 0) }},
		{"Delete", func(ctx context.Context, s *redis.Store) error { return s.Delete(ctx, "k") }},
		{"Incr", func(ctx context.Context, s *redis.Store) error { _, err := s.Incr(ctx, "n", time.Minute); return err }},
		{"Publish", func(ctx context.Context, s *redis.Store) error { return s.Publish(ctx, "news", []byte("m")) }},
		{"Subscribe", func(ctx context.Context, s *redis.Store) error { _, err := s.Subscribe(ctx, "other"); return err }},
		{"Ping", func(ctx context.Context, s *redis.Store) error { return s.Ping(ctx) }},
	}
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// After more failed calls than the pool holds connections, go-redis on
// its own stops dialing and probes once a second; the store dials on
// every call, so the first call after Redis is back reaches it.
func TestServerBackAtOnce(t *testing.T) {
	srv := newRedisServer(t)
	s, err := redis.New(t.Context(), srv.url(), redis.Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	srv.stop()
	for range 200 { // far more than the pool's 10 per CPU
		if err := s.Set(ctx, "k", []byte("v"), 0); err == nil {
			t.Fatal("Set succeeded with Redis gone")
		}
	}
	srv.start()
	if err := s.Set(ctx, "k", []byte("v"), 0); err != nil {
		t.Errorf("the first call after Redis came back = %v, want nil", err)
	}
}
