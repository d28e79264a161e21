package memory

import "testing"

func TestOptionsDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{100_000, 64 << 20, 64}},
		{"negative", Options{-1, -1, -1}, Options{100_000, 64 << 20, 64}},
		{"shards round up", Options{Shards: 3}, Options{100_000, 64 << 20, 4}},
		{"shards power of two", Options{Shards: 128}, Options{100_000, 64 << 20, 128}},
		{"fewer entries than shards", Options{MaxEntries: 10}, Options{10, 64 << 20, 8}},
		{"fewer bytes than shards", Options{MaxBytes: 5}, Options{100_000, 5, 4}},
		{"one entry", Options{MaxEntries: 1, Shards: 16}, Options{1, 64 << 20, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.withDefaults(); got != tt.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
