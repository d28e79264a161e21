package memory_test

import (
	"testing"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
	"github.com/panther-go/panther/store/storetest"
)

func TestConformance(t *testing.T) {
	tests := []struct {
		name string
		opts memory.Options
	}{
		{"defaults", memory.Options{}},
		{"one shard", memory.Options{Shards: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store {
				return memory.New(tt.opts)
			}, storetest.Options{Synctest: true})
		})
	}
}
