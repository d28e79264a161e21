package redis

import "time"

// Options configures a Store. The zero value gives the defaults.
type Options struct {
	// Prefix is put before every key and channel name, so apps sharing
	// one Redis keep apart. Default "panther:".
	Prefix string

	// Timeout bounds every call, on top of the caller's context, and
	// New's first ping. Default 1 s.
	Timeout time.Duration
}

const (
	defaultPrefix  = "panther:"
	defaultTimeout = time.Second
)

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = defaultPrefix
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	return o
}
