// Package bench measures Panther for Go against its peers — hand-written
// net/http, gin, echo, chi, huma, fiber and fuego — on the same routes
// (package servers and the one package per framework below it), in its
// own module so that no peer ever enters Panther's go.mod.
//
//	go test ./...                      # the equivalence test: every server answers alike
//	go test -run '^$' -bench . -benchmem   # in-process: Benchmark<Scenario>/<framework>
//	go run ./cmd/loadbench             # wrk over loopback; writes RESULTS.md and results/*.png
//	go run ./cmd/loadbench -quick      # the same, short, for development
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
