package memory

import (
	"testing"
	"time"
)

func TestOptionsDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{100_000, 64 << 20, 64, time.Second}},
		{"negative", Options{-1, -1, -1, -1}, Options{100_000, 64 << 20, 64, time.Second}},
		{"shards round up", Options{Shards: 3}, Options{100_000, 64 << 20, 4, time.Second}},
		{"shards power of two", Options{Shards: 128}, Options{100_000, 64 << 20, 128, time.Second}},
		{"fewer entries than shards", Options{MaxEntries: 10}, Options{10, 64 << 20, 8, time.Second}},
		{"fewer bytes than shards", Options{MaxBytes: 5}, Options{100_000, 5, 4, time.Second}},
		{"one entry", Options{MaxEntries: 1, Shards: 16}, Options{1, 64 << 20, 1, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.withDefaults(); got != tt.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
