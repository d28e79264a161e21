// Package servers configures the benchmark's equivalent servers, one
// package each below this one: nethttp, gin, echo, chi, huma, fiber, fuego
// and panther. Each has a New(Config) that serves the same routes with the
// same behaviour:
//
//	GET  /hello        200 {"message":"Hello, World!"}
//	GET  /users/{id}   200 {"id":"<id>"}
//	POST /notes        201 the NoteIn echoed with "id":1; 400 when invalid
//	GET  /me           200 {"user":"<sub>"} for a valid HS256 bearer token; 401 otherwise
//	GET  /throttled    200 {"ok":true}, throttled 1,000,000 per minute per client IP
//	POST /full         auth + permission (sub is not "banned", else 403) +
//	                   throttle (per user) + validated NoteIn → 201
//	GET  /cached       200 {"ok":true}, cached for a minute per client and URL
//
// With Config.Redis set, the throttle counters live in Redis: the
// "full pipeline on Redis" scenario is POST /full on such a server.
package servers

import "time"

// DefaultSecret is the HS256 key of the benchmark's tokens.
var DefaultSecret = []byte("panther-bench-secret-0123456789abcdef")

// Config is what every server is built from. The zero value serves with
// DefaultSecret and in-memory state.
type Config struct {
	// Secret is the HS256 key. Default: DefaultSecret.
	Secret []byte

	// Redis is a Redis URL (redis://127.0.0.1:6379/0); when set, throttle
	// counters live there. Default: none, in memory.
	Redis string
}

// Key is the configured secret, or DefaultSecret.
func (c Config) Key() []byte {
	if len(c.Secret) == 0 {
		return DefaultSecret
	}
	return c.Secret
}

// The declared limits, the same for every server.
const (
	ThrottleRate   = 1_000_000
	ThrottleWindow = time.Minute
	CacheTTL       = time.Minute
	Banned         = "banned" // the subject the permission of /full denies
	PlaintextBody  = "Hello, World!"
)
