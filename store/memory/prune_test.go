package memory_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther/store/memory"
	"go.uber.org/goleak"
)

// TestNoGoroutine checks that a store in use starts no goroutine, so one
// that is never closed, like that of an app used as a plain http.Handler,
// leaks none.
func TestNoGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	s := memory.New(memory.Options{})
	s.Set(t.Context(), "k", []byte("v"), time.Millisecond)
	s.Incr(t.Context(), "n", time.Second)
	s.Get(t.Context(), "k")
	s.Delete(t.Context(), "n")
}

// TestPrune checks that writes free expired entries nothing reads, a few
// per write, soonest expired first, and never one that is still live.
func TestPrune(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		s := memory.New(memory.Options{Shards: 1})
		defer s.Close()
		for i := range 20 {
			s.Set(ctx, fmt.Sprint("brief-", i), []byte("v"), 5*time.Second)
			s.Incr(ctx, fmt.Sprint("window-", i), 5*time.Second)
		}
		s.Set(ctx, "later", []byte("v"), time.Minute)
		s.Set(ctx, "forever", []byte("v"), 0)
		steps := []struct {
			name  string
			after time.Duration
			write func()
			want  int
		}{
			{"a write before expiry", 4 * time.Second, func() { s.Set(ctx, "forever", []byte("v"), 0) }, 42},
			{"no write after expiry", 2 * time.Second, func() {}, 42},
			{"a Set", 0, func() { s.Set(ctx, "forever", []byte("v"), 0) }, 38},
			{"an Incr", 0, func() { s.Incr(ctx, "counter", 0) }, 35},
			{"a Delete", 0, func() { s.Delete(ctx, "counter") }, 30},
			{"six more writes", 0, func() {
				for range 6 {
					s.Set(ctx, "forever", []byte("v"), 0)
				}
			}, 6},
			{"more writes than expired entries", 0, func() {
				for range 3 {
					s.Set(ctx, "forever", []byte("v"), 0)
				}
			}, 2},
		}
		for _, st := range steps {
			time.Sleep(st.after)
			st.write()
			if got := s.Len(); got != st.want {
				t.Fatalf("Len() after %s = %d, want %d", st.name, got, st.want)
			}
		}
		if _, err := s.Get(ctx, "later"); err != nil {
			t.Errorf("Get(later) = %v, want it kept until its minute is up", err)
		}
	})
}

// TestPruneKeepsUp writes throttle-like keys, each once, for longer than
// their TTL, and checks the store holds about the live ones, not every
// key ever written, though nothing reads them and no goroutine runs.
func TestPruneKeepsUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const (
			perSecond = 100
			ttl       = 10 * time.Second
			seconds   = 100
			live      = perSecond * int(ttl/time.Second)
		)
		s := memory.New(memory.Options{})
		defer s.Close()
		for sec := range seconds {
			for i := range perSecond {
				s.Incr(t.Context(), fmt.Sprint(sec, "-198.51.100.", i), ttl)
			}
			time.Sleep(time.Second)
		}
		if got := s.Len(); got > 2*live {
			t.Errorf("Len() = %d after writing %d keys, %d of them live; want at most %d", got, seconds*perSecond, live, 2*live)
		}
	})
}
