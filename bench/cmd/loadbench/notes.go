package main

// notes is the part of RESULTS.md that says how the servers are built and
// measured; it changes when the code does, not with each run.
const notes = `## How the servers are built

Every server answers the same routes with the same statuses and JSON (bench/servers; ` + "`go test ./...`" + ` in bench
checks each scenario and its 400/401/403 cases against every server).

| | JWT (HS256, sub + exp) | throttle (1,000,000/min) | response cache (1 min) | validation |
|---|---|---|---|---|
| panther | ` + "`Auth` with auth/jwt as `Config.Authenticator` (it keeps a bounded cache of verified tokens; revocation checked in the app's store per request)" + ` | ` + "`Throttle: &panther.Throttle{…}`" + `; ` + "`Config.Store` on store/redis" + ` for FullRedis | ` + "`Cache: time.Minute`" + ` | ` + "`Input: NoteIn{}`" + ` (validate tags) |
| nethttp, chi, fuego | shared net/http middleware: golang-jwt v5 on every request, then the jti against a revocation list (a map; a Redis GET for FullRedis) | shared middleware: a mutex and a map per window; go-redis INCR script for FullRedis | shared middleware: a map with TTL | validator v10 (fuego: its built-in, same tags) |
| gin, echo, fiber, huma | the same Kit in each framework's middleware shape | the same | the same (huma: the net/http middleware in front of its mux) | gin: binding tags; echo: e.Validator; fiber: BodyParser + validator v10; huma: its own schema validation |

- Tokens carry sub and exp plus what auth/jwt requires of an access token (iat, jti, token_type "access"); the peers
  ignore token_type.
- The peers' token check, throttle, cache and validator are one shared code (bench/internal), so the differences measured
  are the frameworks'. Every peer sets the same X-RateLimit-Limit/-Remaining/-Reset headers Panther sets.
- No logger or recovery middleware on any server; gin runs in release mode; fuego without its logger; huma without the
  schema-link transformer (it adds ` + "`$schema`" + ` to bodies), and with its 422 for validation failures mapped to 400.
- The client IP is the socket's peer everywhere (gin: RemoteIP; echo: ExtractIPDirect).
- FullRedis: the revocation check and the throttle counters are in Redis (two round trips per request, for every server); each turn uses a token subject of its own, so
  counters never carry over. Redis runs unpinned on the same two CPUs.
- Fiber runs on fasthttp. Under load it is served by ` + "`App.Listener`" + `; in process its ` + "`App.Handler()`" + ` is called on one
  reused ` + "`fasthttp.RequestCtx`" + `, reset and refilled per request, while the net/http servers get one reused
  ` + "`*http.Request`" + ` (body reset per request) and a discarding ResponseWriter: neither side pays for HTTP parsing or request
  construction, so ns/op and allocs/op are the frameworks' own work. The equivalence test reaches fiber through its net/http
  adaptor.
- This VM is noisy: one framework's req/s can differ by up to 2× between rounds (the VM's share of the CPU varies), which is why each round's
  ratio to net/http, measured minutes apart at most, is the figure to compare; the in-process ns/op and allocs/op are
  the stable ones. In process, FullRedis's ns/op is mostly the wait for Redis (GOMAXPROCS 1, Redis on the other CPU).
`
