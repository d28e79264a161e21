package memory_test

import (
	"context"
	"errors"
	"testing"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
	"github.com/panther-go/panther/store/storetest"
)

func TestConformance(t *testing.T) {
	tests := []struct {
		name string
		opts memory.Options
	}{
		{"defaults", memory.Options{}},
		{"one shard", memory.Options{Shards: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store {
				return memory.New(tt.opts)
			}, storetest.Options{Synctest: true})
		})
	}
}

// TestView checks that a viewed value stays as it was handed out while
// the key is set, incremented and deleted, and that View answers like Get.
func TestView(t *testing.T) {
	ctx := t.Context()
	s := memory.New(memory.Options{})
	defer s.Close()
	var _ store.Viewer = s
	if _, err := s.View(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("View(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.Incr(ctx, "n", 0); err != nil {
		t.Fatal(err)
	}
	one, err := s.View(ctx, "n")
	if err != nil || string(one) != "1" {
		t.Fatalf("View(n) = %q, %v; want 1", one, err)
	}
	if n, err := s.Incr(ctx, "n", 0); err != nil || n != 2 {
		t.Fatalf("Incr = %d, %v; want 2", n, err)
	}
	if string(one) != "1" {
		t.Errorf("a viewed value changed to %q when its key was incremented", one)
	}
	two, _ := s.View(ctx, "n")
	if got, _ := s.Get(ctx, "n"); string(two) != "2" || string(got) != "2" {
		t.Errorf("after Incr: View = %q, Get = %q; want 2", two, got)
	}
	// Appending to a viewed value must not reach the store's bytes.
	_ = append(two, '9')
	s.Incr(ctx, "n", 0)
	if got, _ := s.Get(ctx, "n"); string(got) != "3" {
		t.Errorf("after append to a view and Incr: Get = %q, want 3", got)
	}
	s.Set(ctx, "k", []byte("old"), 0)
	old, _ := s.View(ctx, "k")
	s.Set(ctx, "k", []byte("new"), 0)
	s.Delete(ctx, "k")
	if string(old) != "old" {
		t.Errorf("a viewed value changed to %q when its key was set and deleted", old)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.View(cctx, "n"); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a cancelled context = %v, want context.Canceled", err)
	}
}
