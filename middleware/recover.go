package middleware

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/panther-go/panther"
)

// Recover turns a panic below it into a logged error instead of a dropped
// connection. The panic is logged at error level with method, path, panic,
// stack and, when known, request_id; logger nil means slog.Default().
//
// If the response has not started, the client gets
// 500 {"detail":"Internal Server Error"}. If it has, a 500 can no longer be
// sent, so Recover aborts the connection by panicking with
// http.ErrAbortHandler, which net/http handles quietly and the client sees
// as a broken response rather than a truncated one that looks whole. A
// panic with http.ErrAbortHandler is such a deliberate abort already: it
// passes through untouched and unlogged.
//
// A panther.App recovers panics in its handlers and middlewares itself;
// Recover is for handlers served without one.
func Recover(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &statusWriter{ResponseWriter: w}
			defer func() {
				if v := recover(); v != nil {
					answerPanic(logger, sw, r, v)
				}
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

func answerPanic(logger *slog.Logger, w *statusWriter, r *http.Request, v any) {
	if v == http.ErrAbortHandler {
		panic(v)
	}
	value, stack := v, debug.Stack()
	if p, ok := v.(*handlerPanic); ok { // raised in Timeout's goroutine
		value, stack = p.value, p.stack
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("panic", fmt.Sprint(value)),
		slog.String("stack", string(stack)),
	}
	if id := requestIDOf(w, r); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	logger.LogAttrs(r.Context(), slog.LevelError, "panic", attrs...)
	if w.started() {
		panic(http.ErrAbortHandler)
	}
	panther.WriteError(w, panther.NewError(http.StatusInternalServerError, ""))
}
