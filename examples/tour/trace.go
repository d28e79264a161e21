package main

import (
	"context"
	"net/http"

	"github.com/panther-go/panther"
)

// trace is the middleware behind /trace/: on the way in it appends name to
// the request's trace; on the way out it appends name to the X-Trace
// response header, so the header shows the order in which middlewares
// unwind.
func trace(name string) panther.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			steps, _ := r.Context().Value(traceKey{}).([]string)
			ctx := context.WithValue(r.Context(), traceKey{}, append(steps[:len(steps):len(steps)], name))
			next.ServeHTTP(&traceWriter{ResponseWriter: w, name: name}, r.WithContext(ctx))
		})
	}
}

type traceKey struct{}

// traceWriter adds its middleware's name to X-Trace when the response
// starts. Inner writers start first, so names land in unwinding order.
type traceWriter struct {
	http.ResponseWriter
	name    string
	started bool
}

func (w *traceWriter) WriteHeader(code int) {
	if !w.started {
		w.started = true
		h := w.Header()
		if prev := h.Get("X-Trace"); prev != "" {
			h.Set("X-Trace", prev+","+w.name)
		} else {
			h.Set("X-Trace", w.name)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *traceWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

func (w *traceWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func showTrace(r *panther.Request) (any, error) {
	steps, _ := r.Context().Value(traceKey{}).([]string)
	return map[string][]string{"trace": steps}, nil
}
