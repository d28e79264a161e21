package memory_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/panther-go/panther/store/memory"
)

// benchKeys are distinct keys shaped like throttle keys, few enough that
// the default bounds evict none.
func benchKeys() []string {
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("2025-06-28 12:01:00-198.51.%d.%d-/login", i/256, i%256)
	}
	return keys
}

func BenchmarkIncr(b *testing.B) {
	s := memory.New(memory.Options{})
	defer s.Close()
	keys := benchKeys()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := rand.IntN(len(keys)); pb.Next(); i++ {
			s.Incr(b.Context(), keys[i%len(keys)], time.Hour)
		}
	})
}

func BenchmarkGet(b *testing.B) {
	s := memory.New(memory.Options{})
	defer s.Close()
	keys := benchKeys()
	value := make([]byte, 64)
	for _, k := range keys {
		s.Set(b.Context(), k, value, time.Hour)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := rand.IntN(len(keys)); pb.Next(); i++ {
			s.Get(b.Context(), keys[i%len(keys)])
		}
	})
}

func BenchmarkSet(b *testing.B) {
	s := memory.New(memory.Options{})
	defer s.Close()
	keys := benchKeys()
	value := make([]byte, 64)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := rand.IntN(len(keys)); pb.Next(); i++ {
			s.Set(b.Context(), keys[i%len(keys)], value, time.Hour)
		}
	})
}
