package panther_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
)

type benchWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }
func (w *benchWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkHello serves GET /hello/<name>/ through the whole app: routing,
// pipeline, JSON response.
func BenchmarkHello(b *testing.B) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: func(r *panther.Request) (any, error) {
			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
		}},
	}})
	req := httptest.NewRequest(http.MethodGet, "/hello/ali/", nil)
	w := &benchWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		app.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatalf("status %d", w.code)
		}
	}
}

// BenchmarkHelloRecorder is BenchmarkHello with a fresh httptest recorder
// per request, as most peers' benchmarks measure.
func BenchmarkHelloRecorder(b *testing.B) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: func(r *panther.Request) (any, error) {
			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
		}},
	}})
	req := httptest.NewRequest(http.MethodGet, "/hello/ali/", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkPostNote is a validated JSON POST through the whole app: route,
// method, input decoding and validation, endpoint, 201 JSON response.
func BenchmarkPostNote(b *testing.B) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"notes/": panther.API{Methods: []string{http.MethodPost}, Input: NoteIn{}, Handler: func(r *panther.Request) (any, error) {
			in := panther.Input[NoteIn](r)
			return panther.Response{Status: http.StatusCreated, Data: in}, nil
		}},
	}})
	body := `{"title":"milk","body":"two litres","tags":["shop","food"]}`
	w := &benchWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		req := httptest.NewRequest(http.MethodPost, "/notes/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		app.ServeHTTP(w, req)
		if w.code != http.StatusCreated {
			b.Fatalf("status %d", w.code)
		}
	}
}

// BenchmarkThrottledGet is a GET through a throttled API (limit never
// reached) on the in-memory store: the throttle step's cost is the
// difference from BenchmarkHello.
func BenchmarkThrottledGet(b *testing.B) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Throttle: &panther.Throttle{Rate: 1 << 40, Duration: time.Hour},
			Handler: func(r *panther.Request) (any, error) {
				return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
			}},
	}})
	defer app.Close()
	benchServe(b, app, httptest.NewRequest(http.MethodGet, "/hello/ali/", nil), http.StatusOK)
}

// BenchmarkCacheHit is a GET answered from the response cache (memory):
// a small answer, and a 1.5 KB one in a cache group, as a crud list's.
func BenchmarkCacheHit(b *testing.B) {
	list := make([]map[string]any, 20)
	for i := range list {
		list[i] = map[string]any{"id": i, "title": "A title of some length", "author": "author-7", "year": 1990 + i}
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"cached/": panther.API{Methods: []string{http.MethodGet}, Cache: time.Hour, Handler: func(*panther.Request) (any, error) {
			return map[string]bool{"ok": true}, nil
		}},
		"books/": panther.API{Methods: []string{http.MethodGet}, Cache: time.Hour, CacheGroup: "books", Handler: func(*panther.Request) (any, error) {
			return list, nil
		}},
	}})
	defer app.Close()
	b.Run("small", func(b *testing.B) {
		benchServe(b, app, httptest.NewRequest(http.MethodGet, "/cached/", nil), http.StatusOK)
	})
	b.Run("list", func(b *testing.B) {
		benchServe(b, app, httptest.NewRequest(http.MethodGet, "/books/?limit=20&sort=-year&author=author-7", nil), http.StatusOK)
	})
}

func benchServe(b *testing.B, app http.Handler, req *http.Request, want int) {
	b.Helper()
	w := &benchWriter{h: http.Header{}}
	app.ServeHTTP(w, req) // warm: the first call fills caches
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		app.ServeHTTP(w, req)
		if w.code != want {
			b.Fatalf("status %d", w.code)
		}
	}
}

// pageQuery is three typed query parameters with rules.
type pageQuery struct {
	Page   int    `query:"page" default:"1" validate:"min=1"`
	Size   int    `query:"size" default:"20" validate:"min=1,max=100"`
	Search string `query:"search" validate:"max=50"`
}

// BenchmarkQueryParams is a GET whose query holds three parameters: read
// as strings by the handler ("raw"), then bound and validated into a
// typed Input ("typed"). The difference is what typed parameters cost.
func BenchmarkQueryParams(b *testing.B) {
	answer := map[string]int{"n": 1}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"raw/": panther.API{Methods: []string{http.MethodGet}, Handler: func(r *panther.Request) (any, error) {
			return answer, nil
		}},
		"typed/": panther.API{Get: panther.Typed(func(r *panther.Request, q pageQuery) (map[string]int, error) {
			if q.Page != 3 || q.Size != 50 || q.Search != "go" {
				return nil, panther.NewError(http.StatusTeapot, "")
			}
			return answer, nil
		})},
	}})
	for _, route := range []string{"raw", "typed"} {
		b.Run(route, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/"+route+"/?page=3&size=50&search=go", nil)
			w := &benchWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				app.ServeHTTP(w, req)
				if w.code != http.StatusOK {
					b.Fatalf("status %d", w.code)
				}
			}
		})
	}
}
