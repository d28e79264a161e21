package panther_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// tracer records middlewares' entries, exits and the statuses they saw.
type tracer struct {
	mu    sync.Mutex
	steps []string
}

func (tr *tracer) add(step string) {
	tr.mu.Lock()
	tr.steps = append(tr.steps, step)
	tr.mu.Unlock()
}

func (tr *tracer) take() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	s := strings.Join(tr.steps, " ")
	tr.steps = nil
	return s
}

// mw records "name>" on entry and "<name:status" on exit, and marks the
// response with an X-Seen-By header before passing it on.
func (tr *tracer) mw(name string) panther.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tr.add(name + ">")
			w.Header().Add("X-Seen-By", name)
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			tr.add(fmt.Sprintf("<%s:%d", name, sw.status))
		})
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

func TestMiddlewareOrder(t *testing.T) {
	tr := &tracer{}
	handler := func(r *panther.Request) (any, error) {
		tr.add("endpoint")
		switch r.Query("fail") {
		case "error":
			return nil, errors.New("boom")
		case "panic":
			panic("boom")
		}
		return "ok", nil
	}
	deny := panther.PermissionFunc(func(r *panther.Request) (bool, error) { return r.Query("deny") == "", nil })
	api := panther.API{
		Methods:     []string{"GET"},
		Permissions: []panther.Permission{deny},
		Middlewares: []panther.Middleware{tr.mw("a1"), tr.mw("a2")},
		Handler:     handler,
	}
	app := panther.New(panther.Config{
		Logger:      slog.New(slog.DiscardHandler),
		Middlewares: []panther.Middleware{tr.mw("g1"), tr.mw("g2"), tr.mw("g1")},
		URLs:        panther.URLs{"api": api, "bare": panther.API{Handler: handler}},
	})
	c := panthertest.New(t, app)
	tests := []struct {
		name, method, path string
		status             int
		trace              string
	}{
		{"success", "GET", "/api", 200, "g1> g2> g1> a1> a2> endpoint <a2:200 <a1:200 <g1:200 <g2:200 <g1:200"},
		{"not found", "GET", "/missing", 404, "g1> g2> g1> <g1:404 <g2:404 <g1:404"},
		{"method not allowed", "POST", "/api", 405, "g1> g2> g1> a1> a2> <a2:405 <a1:405 <g1:405 <g2:405 <g1:405"},
		{"permission denied", "GET", "/api?deny=1", 403, "g1> g2> g1> a1> a2> <a2:403 <a1:403 <g1:403 <g2:403 <g1:403"},
		{"handler error", "GET", "/api?fail=error", 500, "g1> g2> g1> a1> a2> endpoint <a2:500 <a1:500 <g1:500 <g2:500 <g1:500"},
		{"handler panic", "GET", "/api?fail=panic", 500, "g1> g2> g1> a1> a2> endpoint <a2:500 <a1:500 <g1:500 <g2:500 <g1:500"},
		{"no API middlewares", "GET", "/bare", 200, "g1> g2> g1> endpoint <g1:200 <g2:200 <g1:200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Request(tt.method, tt.path, nil).WantStatus(tt.status)
			if got := tr.take(); got != tt.trace {
				t.Errorf("trace\n got %s\nwant %s", got, tt.trace)
			}
			// Headers set on the way in land on error responses too.
			if got := strings.Join(res.Header.Values("X-Seen-By"), ","); !strings.HasPrefix(got, "g1,g2,g1") {
				t.Errorf("X-Seen-By = %q, want the global middlewares' marks first", got)
			}
		})
	}
}

// A middleware can answer by itself, and can hand the endpoint a changed
// request; the endpoint sees the change and the route's path variables.
func TestMiddlewareShortCircuitAndRequestChange(t *testing.T) {
	type ctxKey struct{}
	gate := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Key") != "open" {
				panther.WriteError(w, panther.NewError(http.StatusUnauthorized, ""))
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "from middleware")))
		})
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"items/<id>": panther.API{Middlewares: []panther.Middleware{gate}, Handler: func(r *panther.Request) (any, error) {
			return []any{r.PathVar("id"), r.Context().Value(ctxKey{})}, nil
		}},
	}})
	c := panthertest.New(t, app)
	c.Get("/items/7").WantStatus(http.StatusUnauthorized).WantBody(`{"detail":"Authentication Error"}`)
	c.WithHeader("X-Key", "open").Get("/items/7").WantStatus(http.StatusOK).WantBody(`["7","from middleware"]`)
}

// A middleware that swaps the request's context for an unrelated one loses
// nothing: the endpoint still reads its path variables.
func TestMiddlewareReplacingContext(t *testing.T) {
	detach := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.Background()))
		})
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"items/<id>": panther.API{Middlewares: []panther.Middleware{detach}, Handler: func(r *panther.Request) (any, error) {
			return r.PathInt("id")
		}},
	}})
	panthertest.New(t, app).Get("/items/7/").WantStatus(http.StatusOK).WantBody(`7`)
}
