package bench_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/bench/internal/crudbench"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/postgres"
	"github.com/panther-go/panther/db/sqlite"
)

// crudDB opens a backend seeded with n books; name is "sqlite" or
// "postgres" (skipped without PANTHER_TEST_POSTGRES).
func crudDB(b *testing.B, name string, n int) (*db.DB, *db.Table[crudbench.Book]) {
	ctx := context.Background()
	quiet := db.Options{Logger: slog.New(slog.DiscardHandler)}
	var d *db.DB
	var err error
	switch name {
	case "sqlite":
		d, err = sqlite.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "crud.db"), quiet)
	default:
		url := os.Getenv("PANTHER_TEST_POSTGRES")
		if url == "" {
			b.Skip("PANTHER_TEST_POSTGRES is not set")
		}
		d, err = postgres.Open(ctx, url, quiet)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	books, err := crudbench.Seed(ctx, d, n)
	if err != nil {
		b.Fatal(err)
	}
	return d, books
}

// BenchmarkCRUDList serves crudbench.Target over 10,000 rows in process:
// through crud.Routes ("panther"), through the hand-written net/http +
// database/sql handler ("nethttp"), and as a cache hit of the crud list
// ("cached"); "hello" is net/http's JSON hello, the yardstick of a hit.
func BenchmarkCRUDList(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			d, books := crudDB(b, backend, 10_000)
			quiet := slog.New(slog.DiscardHandler)
			plain := panther.New(panther.Config{Logger: quiet, URLs: panther.URLs{"books/": crud.Routes(books, crudbench.Config(panther.API{}))}})
			cached := panther.New(panther.Config{Logger: quiet, URLs: panther.URLs{"books/": crud.Routes(books, crudbench.Config(panther.API{Cache: time.Hour}))}})
			handwritten := crudbench.Handwritten(d)
			// The two lists must answer alike.
			a, h := httptest.NewRecorder(), httptest.NewRecorder()
			plain.ServeHTTP(a, httptest.NewRequest("GET", crudbench.Target, nil))
			handwritten.ServeHTTP(h, httptest.NewRequest("GET", crudbench.Target, nil))
			if strings.TrimSpace(a.Body.String()) != strings.TrimSpace(h.Body.String()) {
				b.Fatalf("the answers differ:\n%s\n%s", a.Body, h.Body)
			}
			for _, tc := range []struct {
				name   string
				h      http.Handler
				target string
			}{{"panther", plain, crudbench.Target}, {"nethttp", handwritten, crudbench.Target}, {"cached", cached, crudbench.Target}, {"hello", crudbench.Hello, "/hello/"}} {
				b.Run(tc.name, func(b *testing.B) { serveGET(b, tc.h, tc.target) })
			}
		})
	}
}

// BenchmarkCRUDItem serves crudbench.ItemTarget, one row by its key, in
// process: through crud.Routes ("panther") and through the hand-written
// net/http + database/sql handler ("nethttp").
func BenchmarkCRUDItem(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			d, books := crudDB(b, backend, 10_000)
			plain := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{"books/": crud.Routes(books, crudbench.Config(panther.API{}))}})
			handwritten := crudbench.HandwrittenItem(d)
			for _, target := range []string{crudbench.ItemTarget, "/books/99999/"} { // a row and no row answer alike
				a, h := httptest.NewRecorder(), httptest.NewRecorder()
				plain.ServeHTTP(a, httptest.NewRequest("GET", target, nil))
				handwritten.ServeHTTP(h, httptest.NewRequest("GET", target, nil))
				if a.Code != h.Code || strings.TrimSpace(a.Body.String()) != strings.TrimSpace(h.Body.String()) {
					b.Fatalf("GET %s: the answers differ:\n%d %s\n%d %s", target, a.Code, a.Body, h.Code, h.Body)
				}
			}
			for _, tc := range []struct {
				name string
				h    http.Handler
			}{{"panther", plain}, {"nethttp", handwritten}} {
				b.Run(tc.name, func(b *testing.B) { serveGET(b, tc.h, crudbench.ItemTarget) })
			}
		})
	}
}

// serveGET serves GET target with h, a fresh recorder per request, and
// wants 200 every time.
func serveGET(b *testing.B, h http.Handler, target string) {
	req := httptest.NewRequest("GET", target, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body)
		}
	}
}

// BenchmarkCRUDSearch is ?search= over 100,000 rows (a scan: "contains"
// has no index); p50-ms is the median latency of the requests.
func BenchmarkCRUDSearch(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			_, books := crudDB(b, backend, 100_000)
			app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
				"books/": crud.Routes(books, crud.Config[crudbench.Book]{Search: []string{"title", "author"}}),
			}})
			req := httptest.NewRequest("GET", "/books/?search=NUMBER%209999", nil)
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				w := httptest.NewRecorder()
				app.ServeHTTP(w, req)
				took = append(took, time.Since(start))
				if w.Code != 200 {
					b.Fatal(w.Code, w.Body)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms")
		})
	}
}
