package storetest

import (
	"testing"
	"time"
)

func ttlCases() []testCase {
	return []testCase{
		{"Set with TTL expires", func(t *testing.T, e env) {
			at := mustSet(t, e.s, "k", "v", ttl)
			wantValue(t, e.s, "k", "v")
			e.clock.expectExpiry(t, e.s, "k", "v", at, ttl)
		}},
		{"Set with TTL zero or less never expires", func(t *testing.T, e env) {
			mustSet(t, e.s, "zero", "v", 0)
			mustSet(t, e.s, "negative", "v", -time.Second)
			at := mustSet(t, e.s, "control", "v", ttl)
			e.clock.waitPast(at, ttl)
			wantMissing(t, e.s, "control")
			wantValue(t, e.s, "zero", "v")
			wantValue(t, e.s, "negative", "v")
		}},
		{"Set replaces TTL with none", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "first", ttl)
			at := mustSet(t, e.s, "k", "second", 0)
			e.clock.waitPast(at, ttl)
			wantValue(t, e.s, "k", "second")
		}},
		{"Set replaces no TTL with one", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "first", 0)
			at := mustSet(t, e.s, "k", "second", ttl)
			e.clock.expectExpiry(t, e.s, "k", "second", at, ttl)
		}},
		{"Set replaces TTL with a later one", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "first", ttl)
			at := mustSet(t, e.s, "k", "second", 2*ttl)
			e.clock.waitPast(at, ttl)
			wantValue(t, e.s, "k", "second")
		}},
	}
}
