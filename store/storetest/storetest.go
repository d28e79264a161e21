package storetest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther/store"
)

// Options says how Run drives a backend. The zero value uses real time.
type Options struct {
	// Synctest runs every case inside a testing/synctest bubble, where
	// time is fake, so TTLs pass instantly and exactly. newStore is then
	// called inside the bubble, and every goroutine the store starts (a
	// subscription's, say) must end when it is closed. Only a backend
	// whose time is the process's can use it.
	Synctest bool
}

// ttl is the lifetime the TTL cases give keys: long enough that a key is
// still there right after Set on a loaded machine, short enough that the
// real-time cases wait about a second.
const ttl = time.Second

// env is what a case gets: a fresh store and the clock to wait with.
type env struct {
	s     store.Store
	clock clock
}

// testCase is one named check of the contract.
type testCase struct {
	name string
	run  func(t *testing.T, e env)
}

// Run checks that the stores newStore makes satisfy the store.Store
// contract. Each case calls newStore for its own store and closes it when
// the case ends; newStore may register cleanups of its own (deleting keys,
// say) with t. The cases run in parallel with each other, so Run returns
// before they finish, like any parallel subtests of t.
func Run(t *testing.T, newStore func(t *testing.T) store.Store, opts Options) {
	t.Helper()
	groups := [][]testCase{kvCases(), ttlCases(), incrCases(), concurrencyCases(), pubsubCases(), lifecycleCases()}
	for _, cases := range groups {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				inClock(t, opts, func(t *testing.T, clk clock) {
					s := newStore(t)
					t.Cleanup(func() { s.Close() })
					c.run(t, env{s: s, clock: clk})
				})
			})
		}
	}
}

// inClock runs f in a synctest bubble when opts ask for one, else directly.
func inClock(t *testing.T, opts Options, f func(t *testing.T, clk clock)) {
	if opts.Synctest {
		synctest.Test(t, func(t *testing.T) { f(t, clock{fake: true}) })
		return
	}
	f(t, clock{})
}
