package storetest

import (
	"bytes"
	"strings"
	"testing"
)

func kvCases() []testCase {
	return []testCase{
		{"Get missing key is ErrNotFound", func(t *testing.T, e env) {
			wantMissing(t, e.s, "missing")
		}},
		{"Set then Get round trip", testRoundTrip},
		{"Set replaces value", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "first", 0)
			mustSet(t, e.s, "k", "second", 0)
			wantValue(t, e.s, "k", "second")
		}},
		{"Set copies value in", func(t *testing.T, e env) {
			v := []byte("original")
			if err := e.s.Set(t.Context(), "k", v, 0); err != nil {
				t.Fatal(err)
			}
			copy(v, "MUTATED!")
			wantValue(t, e.s, "k", "original")
		}},
		{"Get copies value out", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "original", 0)
			v, err := e.s.Get(t.Context(), "k")
			if err != nil {
				t.Fatal(err)
			}
			copy(v, "MUTATED!")
			wantValue(t, e.s, "k", "original")
		}},
		{"Delete present key", func(t *testing.T, e env) {
			mustSet(t, e.s, "k", "v", 0)
			if err := e.s.Delete(t.Context(), "k"); err != nil {
				t.Fatalf("Delete = %v", err)
			}
			wantMissing(t, e.s, "k")
		}},
		{"Delete missing key", func(t *testing.T, e env) {
			if err := e.s.Delete(t.Context(), "missing"); err != nil {
				t.Fatalf("Delete of a missing key = %v, want nil", err)
			}
		}},
	}
}

func testRoundTrip(t *testing.T, e env) {
	tests := []struct {
		name, key, value string
	}{
		{"text", "greeting", "hello"},
		{"empty value", "empty", ""},
		{"binary", "bin", "\x00\xff\x00\n\r"},
		{"unicode key", "ключ-🔑", "value"},
		{"key with separators", "a:b/c d", "value"},
		{"large value", "large", strings.Repeat("x", 32<<10)},
	}
	for _, tt := range tests {
		mustSet(t, e.s, tt.key, tt.value, 0)
		got, err := e.s.Get(t.Context(), tt.key)
		if err != nil || !bytes.Equal(got, []byte(tt.value)) {
			t.Errorf("%s: Get(%q) = %d bytes, %v; want %d bytes", tt.name, tt.key, len(got), err, len(tt.value))
		}
	}
}
