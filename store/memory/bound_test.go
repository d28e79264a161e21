package memory_test

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/panther-go/panther/store/memory"
)

// TestBounds drives distinct throttle-like keys through Incr, as a scan
// from a million client addresses would, and checks the store never holds
// more than its bounds, yet stays close to full.
func TestBounds(t *testing.T) {
	const workers = 8
	tests := []struct {
		name       string
		opts       memory.Options
		keys       int
		maxEntries int
		maxBytes   int64
	}{
		{"entries bound", memory.Options{MaxEntries: 10_000}, 1_000_000, 10_000, 64 << 20},
		{"bytes bound", memory.Options{MaxBytes: 256 << 10}, 200_000, 100_000, 256 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memory.New(tt.opts)
			defer s.Close()
			check := func() {
				if n, b := s.Len(), s.Bytes(); n > tt.maxEntries || b > tt.maxBytes {
					t.Errorf("store holds %d entries, %d bytes; bounds %d, %d", n, b, tt.maxEntries, tt.maxBytes)
				}
			}
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					key := []byte("2025-06-28 12:01:00-198.51.100.1-/login?n=")
					prefix := len(key)
					for i := w; i < tt.keys; i += workers {
						key = strconv.AppendInt(key[:prefix], int64(i), 10)
						if _, err := s.Incr(t.Context(), string(key), time.Minute); err != nil {
							t.Errorf("Incr = %v", err)
							return
						}
						if i%10_000 == w {
							check()
						}
					}
				})
			}
			wg.Wait()
			check()
			if n, b := s.Len(), s.Bytes(); n < tt.maxEntries*9/10 && b < tt.maxBytes*9/10 {
				t.Errorf("store holds %d entries, %d bytes; want it near a bound (%d, %d)", n, b, tt.maxEntries, tt.maxBytes)
			}
		})
	}
}
