package panther_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

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
