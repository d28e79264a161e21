package memory

import (
	"strconv"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		ok   bool
	}{
		{"zero", "0", 0, true},
		{"positive", "42", 42, true},
		{"negative", "-42", -42, true},
		{"max", "9223372036854775807", 9223372036854775807, true},
		{"min", "-9223372036854775808", -9223372036854775808, true},
		{"above max", "9223372036854775808", 0, false},
		{"below min", "-9223372036854775809", 0, false},
		{"twenty digits", "10000000000000000000", 0, false},
		{"empty", "", 0, false},
		{"minus only", "-", 0, false},
		{"minus zero", "-0", 0, false},
		{"leading zero", "007", 0, false},
		{"plus", "+7", 0, false},
		{"space", "7 ", 0, false},
		{"letters", "seven", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseInt([]byte(tt.in))
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// FuzzParseInt checks parseInt accepts exactly the strings that are some
// int64's canonical decimal form.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"0", "-1", "123", "01", "+1", "-0", "9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseInt([]byte(s))
		n, err := strconv.ParseInt(s, 10, 64)
		canonical := err == nil && strconv.FormatInt(n, 10) == s
		if ok != canonical || (ok && got != n) {
			t.Errorf("parseInt(%q) = %d, %v; strconv says %d, canonical %v", s, got, ok, n, canonical)
		}
	})
}
