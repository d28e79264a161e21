package storetest

import (
	"testing"
	"time"
)

func incrCases() []testCase {
	return []testCase{
		{"Incr starts at 1 and counts", func(t *testing.T, e env) {
			for want := int64(1); want <= 3; want++ {
				mustIncr(t, e.s, "k", ttl, want)
			}
			wantValue(t, e.s, "k", "3")
		}},
		{"Incr on an integer value", testIncrInteger},
		{"Incr on a non-integer value is an error", testIncrNotInteger},
		{"Incr with TTL expires", func(t *testing.T, e env) {
			at := mustIncr(t, e.s, "k", ttl, 1)
			e.clock.expectExpiry(t, e.s, "k", "1", at, ttl)
			mustIncr(t, e.s, "k", ttl, 1)
		}},
		{"Incr keeps the first TTL", func(t *testing.T, e env) {
			at := mustIncr(t, e.s, "k", ttl, 1)
			time.Sleep(time.Until(at.Add(ttl / 2)))
			mustIncr(t, e.s, "k", ttl, 2)
			e.clock.expectExpiry(t, e.s, "k", "2", at, ttl)
		}},
		{"Incr with TTL zero or less never expires", func(t *testing.T, e env) {
			mustIncr(t, e.s, "zero", 0, 1)
			mustIncr(t, e.s, "negative", -time.Second, 1)
			at := mustIncr(t, e.s, "control", ttl, 1)
			e.clock.waitPast(at, ttl)
			wantMissing(t, e.s, "control")
			wantValue(t, e.s, "zero", "1")
			wantValue(t, e.s, "negative", "1")
		}},
		{"Incr keeps the TTL a Set gave", func(t *testing.T, e env) {
			mustSet(t, e.s, "forever", "41", 0)
			mustSet(t, e.s, "zero", "0", 0) // Incr makes it 1, yet it existed
			at := mustSet(t, e.s, "brief", "9", ttl)
			mustIncr(t, e.s, "forever", ttl, 42)
			mustIncr(t, e.s, "zero", ttl, 1)
			mustIncr(t, e.s, "brief", 5*ttl, 10)
			e.clock.expectExpiry(t, e.s, "brief", "10", at, ttl)
			wantValue(t, e.s, "forever", "42")
			wantValue(t, e.s, "zero", "1")
		}},
	}
}

func testIncrInteger(t *testing.T, e env) {
	tests := []struct {
		name, value string
		want        int64
	}{
		{"zero", "0", 1},
		{"positive", "41", 42},
		{"negative", "-5", -4},
		{"minus one", "-1", 0},
		{"large", "9223372036854775806", 9223372036854775807},
	}
	for _, tt := range tests {
		mustSet(t, e.s, tt.name, tt.value, 0)
		got, err := e.s.Incr(t.Context(), tt.name, 0)
		if err != nil || got != tt.want {
			t.Errorf("%s: Incr after Set %q = %d, %v; want %d, nil", tt.name, tt.value, got, err, tt.want)
		}
	}
}

// testIncrNotInteger uses the values Redis's INCR refuses: only a
// canonical decimal int64 counts, and the result must fit too.
func testIncrNotInteger(t *testing.T, e env) {
	tests := []struct{ name, value string }{
		{"letters", "abc"},
		{"empty", ""},
		{"decimal point", "1.5"},
		{"leading space", " 1"},
		{"trailing newline", "1\n"},
		{"plus sign", "+1"},
		{"leading zero", "01"},
		{"minus zero", "-0"},
		{"past int64", "9223372036854775808"},
		{"would overflow", "9223372036854775807"},
	}
	for _, tt := range tests {
		mustSet(t, e.s, tt.name, tt.value, 0)
		if got, err := e.s.Incr(t.Context(), tt.name, 0); err == nil {
			t.Errorf("%s: Incr after Set %q = %d, nil; want an error", tt.name, tt.value, got)
		}
		wantValue(t, e.s, tt.name, tt.value)
	}
}
