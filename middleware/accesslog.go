package middleware

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/panther-go/panther"
)

// AccessLog logs one Info record per request, with the message "request"
// and these attributes:
//
//   - method, path: of the request
//   - client: the client IP as the App finds it behind its TrustedProxies
//     (panther.ClientIPFrom); outside an App, the socket peer's IP, since
//     only the App knows which proxies to trust
//   - route: the route the request matched, such as "notes/<id>/", when
//     one did
//   - user: the UserID of whom the request authenticated as, when it did
//   - status: the status sent, 200 when the handler never set one
//   - duration: from the call to the return of the handler below
//   - bytes: body bytes written
//   - request_id: the ID from RequestID, when it runs outside or inside
//     AccessLog
//
// Requests to a Quiet API (panther.IsQuiet: health checks, metrics) are
// not logged unless they are answered 5xx.
//
// It wraps the ResponseWriter, so it sees every response written below it,
// error responses included. A request whose handler panics is logged with
// status 500 — what Recover or a panther.App outside will answer — unless
// the response had started, and the panic goes on up.
//
// logger nil means slog.Default().
func AccessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			returned := false
			defer func() { logRequest(logger, sw, r, time.Since(start), returned) }()
			next.ServeHTTP(sw, r)
			returned = true
		})
	}
}

func logRequest(logger *slog.Logger, w *statusWriter, r *http.Request, d time.Duration, returned bool) {
	status := w.status
	switch {
	case status != 0:
	case returned:
		status = http.StatusOK // as net/http sends for a handler that wrote nothing
	default:
		status = http.StatusInternalServerError
	}
	if status < 500 && panther.IsQuiet(r.Context()) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("client", client(r)),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.Int("bytes", w.bytes),
	}
	if id := requestIDOf(w, r); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	if route := panther.RouteFrom(r.Context()); route != "" {
		attrs = append(attrs, slog.String("route", route))
	}
	if u := panther.UserFrom(r.Context()); u != nil {
		attrs = append(attrs, slog.String("user", u.UserID()))
	}
	logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// client is the trusted client IP inside an App, else the peer's.
func client(r *http.Request) string {
	if ip := panther.ClientIPFrom(r.Context()); ip != "" {
		return ip
	}
	return peerIP(r.RemoteAddr)
}

// peerIP strips the port from a RemoteAddr, falling back to the raw value
// when it is not an address and port (a unix socket, a made-up test value).
func peerIP(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return ap.Addr().Unmap().String()
}
