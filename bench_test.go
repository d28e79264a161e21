package panther_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
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
