package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/panther-go/panther/store"
)

func lifecycleCases() []testCase {
	return []testCase{
		{"Ping", func(t *testing.T, e env) {
			if err := e.s.Ping(t.Context()); err != nil {
				t.Fatalf("Ping = %v", err)
			}
		}},
		{"Done context fails every method", testDoneContext},
		{"Closed store fails every method", func(t *testing.T, e env) {
			if err := e.s.Close(); err != nil {
				t.Fatalf("Close = %v", err)
			}
			for _, m := range methods() {
				if err := m.call(t.Context(), e.s); err == nil {
					t.Errorf("%s after Close = nil, want an error", m.name)
				}
			}
		}},
	}
}

func testDoneContext(t *testing.T, e env) {
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	expired, cancel := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancel()
	contexts := []struct {
		name string
		ctx  context.Context
	}{
		{"cancelled", cancelled},
		{"past deadline", expired},
	}
	for _, c := range contexts {
		for _, m := range methods() {
			if err := m.call(c.ctx, e.s); !errors.Is(err, c.ctx.Err()) {
				t.Errorf("%s with a %s context = %v, want %v", m.name, c.name, err, c.ctx.Err())
			}
		}
	}
}

// method calls one method of the contract for its error.
type method struct {
	name string
	call func(ctx context.Context, s store.Store) error
}

func methods() []method {
	return []method{
		{"Get", func(ctx context.Context, s store.Store) error { _, err := s.Get(ctx, "k"); return err }},
		{"Set", func(ctx context.Context, s store.Store) error { return s.Set(ctx, "k", []byte("v"), 0) }},
		{"Delete", func(ctx context.Context, s store.Store) error { return s.Delete(ctx, "k") }},
		{"Incr", func(ctx context.Context, s store.Store) error { _, err := s.Incr(ctx, "n", 0); return err }},
		{"Publish", func(ctx context.Context, s store.Store) error { return s.Publish(ctx, "c", []byte("m")) }},
		{"Subscribe", func(ctx context.Context, s store.Store) error { _, err := s.Subscribe(ctx, "c"); return err }},
		{"Ping", func(ctx context.Context, s store.Store) error { return s.Ping(ctx) }},
	}
}
