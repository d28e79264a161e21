// Package middleware holds net/http middlewares for the concerns around an
// API rather than inside it:
//
//   - Recover turns a panic into a logged 500, or an aborted connection
//     once the response has started.
//   - RequestID gives each request an ID (X-Request-ID), for logs and for
//     the client to quote.
//   - CORS lets browsers call the API from other origins, following the
//     Fetch standard.
//   - AccessLog logs one record per request, error responses included.
//   - Timeout answers 503 when a handler takes too long.
//
// Each is a func(http.Handler) http.Handler, or returns one, so it fits
// panther.Config.Middlewares (around every request, routing and 404s
// included), the Middlewares of a single API, and any net/http router.
// They write errors with panther.WriteError, so their bodies are the
// {"detail": …} of the rest of the framework.
//
// # Order
//
// The first middleware listed is the outermost. A middleware sees the
// request before the ones inside it, and the response after them. Around a
// panther.App the usual global order is
//
//	Middlewares: []panther.Middleware{
//		middleware.RequestID,
//		middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"http://localhost:3000"}}),
//		middleware.AccessLog(logger),
//	}
//
// RequestID comes first so the ID is on every response and in every log
// record; CORS next, so its headers are set before anything inside can
// answer — preflights, which CORS answers itself, then stay out of the
// access log. Timeout, when used, goes innermost, next to the handlers it
// bounds, so the 503 it writes is logged and carries the CORS headers.
//
// A panther.App recovers panics itself, in handlers and in middlewares
// alike, so Recover is for handlers served without one, and it belongs
// outermost: Recover, RequestID, CORS, AccessLog, Timeout.
package middleware
