// Package peer is what the peer servers share in place of the built-ins
// Panther declares: token verification, the throttle, the response cache
// and the validator, plus net/http middlewares over them for the servers
// built on net/http (nethttp, chi, fuego). Gin, echo, huma and fiber wrap
// the same Kit in their own middleware shapes, so the differences the
// benchmark measures are the frameworks'.
package peer

import (
	"fmt"

	"github.com/go-playground/validator/v10"
	"github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/bench/internal/limit"
	"github.com/panther-go/panther/bench/internal/respcache"
	"github.com/panther-go/panther/bench/internal/token"
	"github.com/panther-go/panther/bench/servers"
)

// Kit is one server's state and checkers.
type Kit struct {
	Tokens    *token.Verifier
	Throttled *limit.Limiter // GET /throttled, per client IP
	Full      *limit.Limiter // POST /full, per user
	Cache     *respcache.Cache
	Validate  *validator.Validate
}

// NewKit builds the Kit of the server named name: counters in Redis when
// cfg.Redis is set (keys prefixed by name), else in memory.
func NewKit(name string, cfg servers.Config) *Kit {
	k := &Kit{
		Tokens:   token.NewVerifier(cfg.Key()),
		Cache:    &respcache.Cache{TTL: servers.CacheTTL},
		Validate: validator.New(validator.WithRequiredStructEnabled()),
	}
	counter := func(string) limit.Counter { return &limit.Memory{} }
	if cfg.Redis != "" {
		opt, err := redis.ParseURL(cfg.Redis)
		if err != nil {
			panic(fmt.Sprintf("peer: Redis URL %q: %v", cfg.Redis, err))
		}
		client := redis.NewClient(opt)
		counter = func(route string) limit.Counter {
			return &limit.Redis{Client: client, Prefix: "bench:" + name + ":" + route + ":"}
		}
	}
	k.Throttled = &limit.Limiter{Rate: servers.ThrottleRate, Window: servers.ThrottleWindow, Counter: counter("throttled")}
	k.Full = &limit.Limiter{Rate: servers.ThrottleRate, Window: servers.ThrottleWindow, Counter: counter("full")}
	return k
}
