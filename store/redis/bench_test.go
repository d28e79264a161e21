package redis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/panther-go/panther/store/redis"
)

// BenchmarkIncr counts throttle-like keys from 16 goroutines per CPU, as
// concurrent requests would; each op is one EVALSHA round trip.
func BenchmarkIncr(b *testing.B) {
	s := newStore(b, redisURL(b), redis.Options{})
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("2025-06-28 12:01:00-198.51.%d.%d-/login", i/256, i%256)
	}
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for i := rand.IntN(len(keys)); pb.Next(); i++ {
			if _, err := s.Incr(b.Context(), keys[i%len(keys)], time.Minute); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
