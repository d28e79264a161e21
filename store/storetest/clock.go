package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/panther-go/panther/store"
)

// clock waits for TTLs. In a synctest bubble (fake) a sleep is instant
// and no time passes during a call, so expiry is checked exactly; in real
// time the checks allow slack.
type clock struct{ fake bool }

// slack bounds how long after its TTL a key may still read as present in
// real time: the backend's clock starts the TTL when the request arrives,
// a little before the call returns, and Redis counts milliseconds.
const slack = 250 * time.Millisecond

// poll is how often a real-time wait looks again.
const poll = 10 * time.Millisecond

// expectExpiry checks that key, written at `at` with ttl, still holds
// want just before at+ttl (exactly, in a bubble) and is gone from
// at+ttl on.
func (c clock) expectExpiry(t *testing.T, s store.Store, key, want string, at time.Time, ttl time.Duration) {
	t.Helper()
	if c.fake {
		time.Sleep(time.Until(at.Add(ttl - time.Nanosecond)))
		wantValue(t, s, key, want)
		time.Sleep(time.Nanosecond)
		wantMissing(t, s, key)
		return
	}
	time.Sleep(time.Until(at.Add(ttl)))
	deadline := time.Now().Add(slack)
	for {
		_, err := s.Get(t.Context(), key)
		if errors.Is(err, store.ErrNotFound) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Get(%q) %v after its TTL of %v: err = %v, want ErrNotFound", key, time.Since(at), ttl, err)
		}
		time.Sleep(poll)
	}
}

// waitPast waits until a key written at `at` with ttl is surely expired.
func (c clock) waitPast(at time.Time, ttl time.Duration) {
	if c.fake {
		time.Sleep(time.Until(at.Add(ttl)))
		return
	}
	time.Sleep(time.Until(at.Add(ttl + slack)))
}
