package memory_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

// TestEviction fills one shard past its bounds and checks which keys
// survive: expired entries go first, then the least recently used.
func TestEviction(t *testing.T) {
	three := memory.Options{MaxEntries: 3, Shards: 1}
	tests := []struct {
		name    string
		opts    memory.Options
		steps   func(ctx context.Context, s *memory.Store)
		present []string
		missing []string
	}{
		{"oldest goes", three, func(ctx context.Context, s *memory.Store) {
			set(ctx, s, "a", "b", "c", "d")
		}, []string{"b", "c", "d"}, []string{"a"}},
		{"Get keeps a key", three, func(ctx context.Context, s *memory.Store) {
			set(ctx, s, "a", "b", "c")
			s.Get(ctx, "a")
			set(ctx, s, "d")
		}, []string{"a", "c", "d"}, []string{"b"}},
		{"Set keeps a key", three, func(ctx context.Context, s *memory.Store) {
			set(ctx, s, "a", "b", "c", "a", "d")
		}, []string{"a", "c", "d"}, []string{"b"}},
		{"Incr keeps a key", three, func(ctx context.Context, s *memory.Store) {
			for _, k := range []string{"a", "b", "c", "a", "d"} {
				s.Incr(ctx, k, time.Hour)
			}
		}, []string{"a", "c", "d"}, []string{"b"}},
		// The write frees a few expired entries before it evicts; a big
		// enough value must evict more, and takes the expired ones first
		// though l1 and l2 are the least recently used.
		{"expired goes before least recently used", memory.Options{MaxBytes: 100, Shards: 1}, func(ctx context.Context, s *memory.Store) {
			for _, k := range []string{"l1", "l2"} {
				s.Set(ctx, k, []byte(strings.Repeat("v", 8)), 0) // 10 bytes each
			}
			for i := range 8 {
				s.Set(ctx, fmt.Sprint("e", i), []byte(strings.Repeat("v", 8)), time.Second)
			}
			time.Sleep(2 * time.Second)
			s.Set(ctx, "big", []byte(strings.Repeat("v", 47)), 0) // 50 bytes
		}, []string{"l1", "l2", "big"}, []string{"e0"}},
		{"bytes bound evicts too", memory.Options{MaxBytes: 30, Shards: 1}, func(ctx context.Context, s *memory.Store) {
			for _, k := range []string{"a", "b", "c", "d"} {
				s.Set(ctx, k, []byte(strings.Repeat("v", 9)), 0) // 10 bytes each
			}
		}, []string{"b", "c", "d"}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := memory.New(tt.opts)
				defer s.Close()
				tt.steps(t.Context(), s)
				for _, k := range tt.present {
					if _, err := s.Get(t.Context(), k); err != nil {
						t.Errorf("Get(%q) = %v, want it kept", k, err)
					}
				}
				for _, k := range tt.missing {
					if _, err := s.Get(t.Context(), k); !errors.Is(err, store.ErrNotFound) {
						t.Errorf("Get(%q) = %v, want it evicted", k, err)
					}
				}
			})
		})
	}
}

func TestSetTooLarge(t *testing.T) {
	s := memory.New(memory.Options{MaxBytes: 64, Shards: 1})
	defer s.Close()
	set(t.Context(), s, "kept")
	if err := s.Set(t.Context(), "big", make([]byte, 100), 0); !errors.Is(err, store.ErrTooLarge) {
		t.Fatalf("Set of 103 bytes into a 64-byte store = %v, want an error wrapping store.ErrTooLarge", err)
	}
	if _, err := s.Get(t.Context(), "kept"); err != nil {
		t.Errorf("Get(kept) after a refused Set = %v, want it kept", err)
	}
}

// set stores "v" at each key in turn.
func set(ctx context.Context, s *memory.Store, keys ...string) {
	for _, k := range keys {
		s.Set(ctx, k, []byte("v"), 0)
	}
}
