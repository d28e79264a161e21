package middleware

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// Timeout bounds how long the handler below takes to answer. The handler
// runs in its own goroutine with a request context whose deadline is d
// away. If it returns first, its response goes out unchanged. If the
// deadline comes first, the client gets
// 503 {"detail":"Service Unavailable"} and what the handler writes later is
// discarded, its writes failing with http.ErrHandlerTimeout; the handler
// should watch its context and stop.
//
// Until it returns, the handler's response is buffered — status, headers
// and body — so that a 503 can still replace it; a large body costs memory.
// A handler that flushes (http.ResponseController.Flush, or http.Flusher)
// sends what it has and streams from then on: the response has started,
// and at the deadline Timeout only cancels the context and waits for the
// handler to return. Hijacking is not supported through Timeout.
//
// A panic in the handler goes on in the caller's goroutine, so Recover or a
// panther.App outside still answers 500; Recover logs the stack of the
// handler's goroutine, where the panic happened. A panic after the 503 has
// gone out has no caller left: it is logged with slog.Default().
//
// d must be positive; Timeout panics otherwise.
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	if d <= 0 {
		panic("panther: Timeout: duration must be positive; give the longest time a request may take, such as 30 * time.Second")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			r = r.WithContext(ctx)
			tw := &timeoutWriter{w: w, h: w.Header().Clone(), ctx: ctx}
			done := make(chan any, 1) // the handler's panic, or nil when it returned
			go func() {
				defer func() {
					p := fromHandler(recover())
					if tw.markReturned() && p != nil && p != http.ErrAbortHandler {
						logLatePanic(r, p)
					}
					done <- p
				}()
				next.ServeHTTP(tw, r)
			}()
			select {
			case p := <-done:
				tw.finish(p)
			case <-ctx.Done():
				if !tw.timeOut() {
					tw.finish(<-done)
				}
			}
		})
	}
}

// handlerPanic carries a panic from the handler's goroutine to the
// caller's, with the stack where it happened: re-panicking in the caller's
// goroutine loses it.
type handlerPanic struct {
	value any
	stack []byte
}

func (p *handlerPanic) Error() string {
	return fmt.Sprintf("%v\n\ngoroutine of the handler:\n%s", p.value, p.stack)
}

// Unwrap keeps errors.Is and errors.As working on an error value.
func (p *handlerPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// fromHandler prepares a value recovered in the handler's goroutine for
// the caller's. http.ErrAbortHandler stays as it is: net/http and Recover
// recognise it by identity.
func fromHandler(v any) any {
	switch v.(type) {
	case nil, *handlerPanic:
		return v
	}
	if v == http.ErrAbortHandler {
		return v
	}
	return &handlerPanic{value: v, stack: debug.Stack()}
}

// logLatePanic records a panic in a handler that Timeout had already
// answered for, which nothing else would see.
func logLatePanic(r *http.Request, p any) {
	value, stack := p, []byte(nil)
	if hp, ok := p.(*handlerPanic); ok {
		value, stack = hp.value, hp.stack
	}
	slog.Default().LogAttrs(r.Context(), slog.LevelError, "panic after timeout",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("panic", fmt.Sprint(value)),
		slog.String("stack", string(stack)))
}
