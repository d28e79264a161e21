package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/panther-go/panther/store"
)

func concurrencyCases() []testCase {
	return []testCase{
		{"Incr from 1000 goroutines returns each count once", testIncrConcurrent},
		{"Set Get Delete from many goroutines on many keys", testMixedConcurrent},
	}
}

func testIncrConcurrent(t *testing.T, e env) {
	const n = 1000
	results := make(chan int64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			got, err := e.s.Incr(t.Context(), "counter", ttl*60)
			if err != nil {
				t.Errorf("Incr = %v", err)
			}
			results <- got
		})
	}
	wg.Wait()
	close(results)
	seen := make([]bool, n+1)
	for got := range results {
		if got < 1 || got > n || seen[got] {
			t.Fatalf("Incr returned %d, out of 1..%d or twice", got, n)
		}
		seen[got] = true
	}
	wantValue(t, e.s, "counter", fmt.Sprint(n))
}

// testMixedConcurrent races writers, readers and deleters over shared
// keys; run it with -race. A read sees a value some writer wrote for that
// very key, or nothing.
func testMixedConcurrent(t *testing.T, e env) {
	const workers, ops, keys = 16, 200, 32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range ops {
				key := fmt.Sprintf("key-%d", (w*7+i)%keys)
				if err := mixedOp(t, e.s, key, w, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func mixedOp(t *testing.T, s store.Store, key string, w, i int) error {
	ctx := t.Context()
	switch i % 4 {
	case 0, 1:
		return s.Set(ctx, key, fmt.Appendf(nil, "%s=%d.%d", key, w, i), 0)
	case 2:
		got, err := s.Get(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil || !strings.HasPrefix(string(got), key+"=") {
			return fmt.Errorf("Get(%q) = %q, %v; want a value written for that key", key, got, err)
		}
		return nil
	default:
		return s.Delete(ctx, key)
	}
}
