// Package peer is what the peer servers share in place of the built-ins
// Panther declares: token verification, the throttle, the response cache
// and the validator, plus net/http middlewares over them for the servers
// built on net/http (nethttp, chi, fuego). Gin, echo, huma and fiber wrap
// the same Kit in their own middleware shapes, so the differences the
// benchmark measures are the frameworks'.
package peer

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-playground/validator/v10"
	"github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/bench/internal/limit"
	"github.com/panther-go/panther/bench/internal/respcache"
	"github.com/panther-go/panther/bench/internal/revoked"
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
	Revoked   revoked.List
}

// NewKit builds the Kit of the server named name: counters in Redis when
// cfg.Redis is set (keys prefixed by name), else in memory.
func NewKit(name string, cfg servers.Config) *Kit {
	k := &Kit{
		Tokens:   token.NewVerifier(cfg.Key()),
		Cache:    &respcache.Cache{TTL: servers.CacheTTL},
		Validate: validator.New(validator.WithRequiredStructEnabled()),
		Revoked:  &revoked.Memory{},
	}
	counter := func(string) limit.Counter { return &limit.Memory{} }
	if cfg.Redis != "" {
		opt, err := redis.ParseURL(cfg.Redis)
		if err != nil {
			panic(fmt.Sprintf("peer: Redis URL %q: %v", cfg.Redis, err))
		}
		client := redis.NewClient(opt)
		k.Revoked = &revoked.Redis{Client: client, Prefix: "bench:" + name + ":revoked:"}
		counter = func(route string) limit.Counter {
			return &limit.Redis{Client: client, Prefix: "bench:" + name + ":" + route + ":"}
		}
	}
	k.Throttled = &limit.Limiter{Rate: servers.ThrottleRate, Window: servers.ThrottleWindow, Counter: counter("throttled")}
	k.Full = &limit.Limiter{Rate: servers.ThrottleRate, Window: servers.ThrottleWindow, Counter: counter("full")}
	return k
}

// Authenticate verifies an Authorization header's token and checks that
// it is not revoked. It returns the subject, or the status to answer:
// 401 for a bad or revoked token, 503 when the revocation list cannot be
// read (failing open would let a revoked token in).
func (k *Kit) Authenticate(ctx context.Context, authorization string) (sub string, status int) {
	sub, jti, err := k.Tokens.Verify(authorization)
	if err != nil {
		return "", http.StatusUnauthorized
	}
	revoked, err := k.Revoked.Revoked(ctx, jti)
	switch {
	case err != nil:
		return "", http.StatusServiceUnavailable
	case revoked:
		return "", http.StatusUnauthorized
	}
	return sub, 0
}

// Detail is the body of an Authenticate failure's status.
func Detail(status int) string {
	if status == http.StatusServiceUnavailable {
		return "Service Unavailable"
	}
	return "Authentication Error"
}
