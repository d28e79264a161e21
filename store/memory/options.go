package memory

import "math/bits"

// Options configures a Store. The zero value gives the defaults; a field
// of zero or less takes its default.
type Options struct {
	// MaxEntries bounds how many keys the store holds. Default 100,000.
	MaxEntries int

	// MaxBytes bounds the bytes of keys plus values the store holds; the
	// bookkeeping around each entry (about 100 bytes) is not counted. No
	// single key and value may be larger than MaxBytes / Shards. Default
	// 64 MiB.
	MaxBytes int64

	// Shards is how many independently locked parts the keys are spread
	// over, rounded up to a power of two, and down as far as needed for
	// each shard to hold at least one entry. Each shard gets an equal share
	// of MaxEntries and MaxBytes. Default 64.
	Shards int
}

const (
	defaultMaxEntries = 100_000
	defaultMaxBytes   = 64 << 20
	defaultShards     = 64
)

// withDefaults fills in the defaults and fixes the shard count.
func (o Options) withDefaults() Options {
	if o.MaxEntries <= 0 {
		o.MaxEntries = defaultMaxEntries
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = defaultMaxBytes
	}
	if o.Shards <= 0 {
		o.Shards = defaultShards
	}
	o.Shards = 1 << bits.Len(uint(o.Shards-1))
	for o.Shards > 1 && (o.Shards > o.MaxEntries || int64(o.Shards) > o.MaxBytes) {
		o.Shards /= 2
	}
	return o
}
