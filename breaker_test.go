package panther_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

// flakyStore is a store that fails while down is set, counting the calls
// that reach it.
type flakyStore struct {
	store.Store
	down  atomic.Bool
	calls atomic.Int64
	err   error         // what a call fails with; default errDown
	hang  chan struct{} // when set, a call on a key with "hang" in it waits for it, then fails
}

var errDown = errors.New("connection refused")

func (s *flakyStore) fail() error {
	s.calls.Add(1)
	if s.down.Load() {
		if s.err != nil {
			return s.err
		}
		return errDown
	}
	return nil
}

func (s *flakyStore) Get(ctx context.Context, key string) ([]byte, error) {
	if err := s.fail(); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, key)
}

func (s *flakyStore) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if s.hang != nil && strings.Contains(key, "hang") {
		<-s.hang
		return 0, errDown
	}
	if err := s.fail(); err != nil {
		return 0, err
	}
	return s.Store.Incr(ctx, key, ttl)
}

func (s *flakyStore) Set(ctx context.Context, key string, v []byte, ttl time.Duration) error {
	if err := s.fail(); err != nil {
		return err
	}
	return s.Store.Set(ctx, key, v, ttl)
}

// After a store failure the breaker stops calling the store for a backoff
// that doubles, up to 500 ms, while probes fail; one probe at a time
// finds it back, and then every call goes through again.
func TestStoreBreaker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := memory.New(memory.Options{})
		defer mem.Close()
		st := &flakyStore{Store: mem}
		log := &capturedLog{}
		app := panther.New(panther.Config{
			Store:  st,
			Logger: log.logger(),
			URLs: panther.URLs{"limited": panther.API{
				Throttle: &panther.Throttle{Rate: 1000, Duration: time.Hour}, Handler: okHandler,
			}},
		})
		defer app.Close()
		c := panthertest.New(t, app)
		c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Remaining", "999")

		st.down.Store(true)
		calls := func() int64 { return st.calls.Swap(0) }
		calls()
		c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Limit", "") // fails open
		if n := calls(); n != 1 {
			t.Fatalf("the failing request made %d store calls, want 1", n)
		}
		// Open: nothing reaches the store until the backoff has passed,
		// then one probe does; each failed probe doubles the backoff.
		for _, backoff := range []time.Duration{25, 50, 100, 200, 400, 500, 500} {
			backoff *= time.Millisecond
			for range 10 {
				c.Get("/limited").WantStatus(200)
			}
			time.Sleep(backoff - time.Nanosecond)
			c.Get("/limited").WantStatus(200)
			if n := calls(); n != 0 {
				t.Fatalf("%d store calls within a backoff of %v, want 0", n, backoff)
			}
			time.Sleep(time.Nanosecond)
			c.Get("/limited").WantStatus(200)
			if n := calls(); n != 1 {
				t.Fatalf("%d store calls after a backoff of %v, want 1 probe", n, backoff)
			}
		}
		st.down.Store(false)
		time.Sleep(500 * time.Millisecond)
		c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Remaining", "998")
		c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Remaining", "997")
		if n := calls(); n != 2 {
			t.Errorf("%d store calls after the recovery, want 2", n)
		}
		if got := log.String(); strings.Count(got, "the store failed") != 1 || strings.Count(got, "the store recovered") != 1 {
			t.Errorf("want the outage and the recovery logged once each:\n%s", got)
		}
	})
}

// Neither a client that leaves nor a value too large for the store says
// the store is down.
func TestStoreBreakerIgnoresCallersFaults(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"client left", context.Canceled},
		{"value too large", fmt.Errorf("store/memory: too big: %w", store.ErrTooLarge)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mem := memory.New(memory.Options{})
				defer mem.Close()
				st := &flakyStore{Store: mem, err: tt.err}
				log := &capturedLog{}
				app := panther.New(panther.Config{Store: st, Logger: log.logger(), URLs: panther.URLs{
					"limited": panther.API{Throttle: &panther.Throttle{Rate: 10, Duration: time.Hour}, Handler: okHandler},
				}})
				defer app.Close()
				ctx, cancel := context.WithCancel(context.Background())
				if tt.err == context.Canceled {
					cancel()
				}
				st.down.Store(true)
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/limited", nil).WithContext(ctx))
				cancel()
				st.down.Store(false)
				st.calls.Store(0)
				w = httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/limited", nil))
				if st.calls.Load() != 1 || w.Header().Get("X-RateLimit-Remaining") != "9" {
					t.Errorf("the next request made %d store calls and got X-RateLimit-Remaining %q; want 1 call, 9: the breaker must stay closed",
						st.calls.Load(), w.Header().Get("X-RateLimit-Remaining"))
				}
				if got := log.String(); strings.Contains(got, "store failed") || strings.Contains(got, "request failed") {
					t.Errorf("logged:\n%s", got)
				}
			})
		})
	}
}

// A call that hung through an outage and fails after the recovery does
// not trip the breaker again.
func TestStoreBreakerIgnoresStragglers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := memory.New(memory.Options{})
		defer mem.Close()
		st := &flakyStore{Store: mem, hang: make(chan struct{})}
		log := &capturedLog{}
		throttle := &panther.Throttle{Rate: 100, Duration: time.Hour}
		app := panther.New(panther.Config{Store: st, Logger: log.logger(), URLs: panther.URLs{
			"hang": panther.API{Throttle: throttle, Handler: okHandler},
			"fast": panther.API{Throttle: throttle, Handler: okHandler},
		}})
		defer app.Close()
		c := panthertest.New(t, app)
		go c.Get("/hang") // stuck in the store
		synctest.Wait()
		st.down.Store(true)
		c.Get("/fast").WantHeader("X-RateLimit-Limit", "") // trips
		st.down.Store(false)
		time.Sleep(25 * time.Millisecond)
		c.Get("/fast").WantHeader("X-RateLimit-Limit", "100") // the probe: recovered
		close(st.hang)                                        // the straggler fails now
		synctest.Wait()
		st.calls.Store(0)
		c.Get("/fast").WantHeader("X-RateLimit-Limit", "100")
		if n := st.calls.Load(); n != 1 {
			t.Errorf("%d store calls after the straggler failed, want 1: the breaker must stay closed", n)
		}
		if got := log.String(); strings.Count(got, "the store failed") != 1 {
			t.Errorf("want one outage logged:\n%s", got)
		}
	})
}
