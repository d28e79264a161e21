package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/panther-go/panther/store"
)

// mustSet sets key and returns when the call returned, the latest time
// the store can have started the TTL.
func mustSet(t *testing.T, s store.Store, key, value string, ttl time.Duration) time.Time {
	t.Helper()
	if err := s.Set(t.Context(), key, []byte(value), ttl); err != nil {
		t.Fatalf("Set(%q, %q, %v) = %v", key, value, ttl, err)
	}
	return time.Now()
}

// mustIncr increments key and checks the result.
func mustIncr(t *testing.T, s store.Store, key string, ttl time.Duration, want int64) time.Time {
	t.Helper()
	got, err := s.Incr(t.Context(), key, ttl)
	if err != nil || got != want {
		t.Fatalf("Incr(%q, %v) = %d, %v; want %d, nil", key, ttl, got, err, want)
	}
	return time.Now()
}

func wantValue(t *testing.T, s store.Store, key, want string) {
	t.Helper()
	got, err := s.Get(t.Context(), key)
	if err != nil || string(got) != want {
		t.Fatalf("Get(%q) = %q, %v; want %q, nil", key, got, err, want)
	}
}

func wantMissing(t *testing.T, s store.Store, key string) {
	t.Helper()
	got, err := s.Get(t.Context(), key)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(%q) = %q, %v; want ErrNotFound", key, got, err)
	}
}
