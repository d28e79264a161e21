// Package bench measures Panther for Go against its peers — hand-written
// net/http, gin, echo, chi, huma, fiber and fuego — on the same routes
// (package servers and the one package per framework below it), in its
// own module so that no peer ever enters Panther's go.mod.
//
//	go test ./...                      # the equivalence test: every server answers alike
//	go test -run '^$' -bench . -benchmem   # in-process: Benchmark<Scenario>/<framework>
//	go run ./cmd/loadbench             # wrk over loopback; writes RESULTS.md and results/*.png
//	go run ./cmd/loadbench -quick      # the same, short, for development
//	go run ./cmd/hardening -short      # the hardening load tests on the tour, ≤ 60 s each
//	go run ./cmd/hardening -results RESULTS.md   # their full versions (about 14 min), kept in RESULTS.md
//
// Command hardening (issue 10) load-tests examples/tour — a fresh process
// per scenario, built once with go build — for what a benchmark does not
// show, and exits 1 when a bound is violated. Each scenario runs alone with
// -scenario NAME; -short makes each fit in a minute, for CI:
//
//   - soak: the peak req/s of a mix of authenticated GET /me/, POST and
//     DELETE /notes/, cached GET /time/ and GET /hello/x/ from a
//     closed-loop burst, then an open-loop load at 80 % of it for 10 min
//     (short: 30 s); passes with no error or non-2xx and VmRSS flat within
//     10 % after the first 20 % of the run.
//   - hostile: 100,000 (short: 10,000) anonymous GET
//     /time/?u=<n>&pad=<4–60 KiB> on 48 connections, each URL a new cache
//     key (-pad-max 204800 sends pads the server's 64 KiB header limit
//     refuses with 431 before the app sees them); passes when the tour's VmRSS stays under the store's and the
//     cache memo's budgets + 64 MiB (-store-mib, -memo-mib, -slack-mib) and
//     a probe of GET /hello/x/, whose latency is reported, is answered
//     throughout.
//   - chaos: the tour on a private redis-server, killed with SIGKILL after
//     5 s of load (full: 20 s), restarted on the same port 5 s (20 s) later;
//     passes with no 5xx but GET /me/'s 503 (the revocation check fails
//     closed), a p99 ≤ 5 ms while Redis is down, and the revocation check,
//     the cache and the throttle working again within 1 s of Redis
//     answering.
//
// The tour runs with -throttle 1000000000/1s, so the global throttle
// counts every request in the store without refusing one. Tables go to
// stdout as markdown; -results FILE also writes them as FILE's
// "## Hardening" section, which loadbench keeps when it rewrites
// RESULTS.md.
//
// The Redis scenario reads PANTHER_TEST_REDIS (redis://127.0.0.1:6379/0);
// without it, it is skipped — except under CI, where that is a failure.
//
// In process, every server is driven without a network: a net/http
// server's ServeHTTP gets one reused *http.Request (its body reset each
// time) and a ResponseWriter that discards the body; fiber's
// App.Handler gets one reused fasthttp.RequestCtx, reset and refilled each
// time, which is what fasthttp's server hands it. Neither side pays for
// parsing HTTP or building the request, so the figures are the
// frameworks' own work per request.
package bench
