package redis_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/store/redis"
)

// redisURL returns the Redis the service tests use, or skips the test.
func redisURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS not set")
	}
	return url
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// uniquePrefix names the keys of one test run so runs never collide,
// and deletes them when the test ends.
func uniquePrefix(t testing.TB, url string) string {
	t.Helper()
	prefix := fmt.Sprintf("panther-test:%s:%s:", unsafeChars.ReplaceAllString(t.Name(), "-"), rand.Text()[:10])
	t.Cleanup(func() { deleteKeys(t, url, prefix) })
	return prefix
}

// deleteKeys removes every key under prefix, which has no glob
// characters.
func deleteKeys(t testing.TB, url, prefix string) {
	o, err := goredis.ParseURL(url)
	if err != nil {
		t.Error(err)
		return
	}
	c := goredis.NewClient(o)
	defer c.Close()
	// t's own context is done by the time cleanups run.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := c.Del(ctx, iter.Val()).Err(); err != nil {
			t.Errorf("deleting %s: %v", iter.Val(), err)
		}
	}
	if err := iter.Err(); err != nil {
		t.Errorf("scanning %s*: %v", prefix, err)
	}
}

// newStore connects to url with opts, on a unique prefix unless opts
// name one, and closes the store when the test ends.
func newStore(t testing.TB, url string, opts redis.Options) *redis.Store {
	t.Helper()
	if opts.Prefix == "" {
		opts.Prefix = uniquePrefix(t, url)
	}
	s, err := redis.New(t.Context(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// wantMessage waits up to wait for the next message on ch to be want.
func wantMessage(t testing.TB, ch <-chan []byte, want string, wait time.Duration) {
	t.Helper()
	select {
	case got, ok := <-ch:
		if !ok || string(got) != want {
			t.Fatalf("received %q (open: %v), want %q", got, ok, want)
		}
	case <-time.After(wait):
		t.Fatalf("no message within %v, want %q", wait, want)
	}
}
