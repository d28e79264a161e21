package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/postgres"
	"github.com/panther-go/panther/db/sqlite"
)

// crudBook is the model of the CRUD benchmarks.
type crudBook struct {
	ID     int64  `db:"id" json:"id"`
	Title  string `db:"title" json:"title"`
	Author string `db:"author" json:"author"`
	Year   int    `db:"year" json:"year"`
}

// crudDB opens a backend with n books by 100 authors; name is "sqlite" or
// "postgres" (skipped without PANTHER_TEST_POSTGRES).
func crudDB(b *testing.B, name string, n int) (*db.DB, *db.Table[crudBook]) {
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
	d.SQL().ExecContext(ctx, `DROP TABLE IF EXISTS "crud_book"`)
	books := db.NewTable[crudBook](d)
	if err := d.AutoMigrate(ctx, books); err != nil {
		b.Fatal(err)
	}
	rows := make([]crudBook, n)
	for i := range rows {
		rows[i] = crudBook{Title: fmt.Sprintf("Book number %d", i), Author: fmt.Sprintf("author-%d", i%100), Year: 1900 + i%120}
	}
	for chunk := range slices.Chunk(rows, 5000) {
		if err := books.InsertMany(ctx, chunk); err != nil {
			b.Fatal(err)
		}
	}
	// The index a real table for this query would have, for both sides.
	if _, err := d.SQL().ExecContext(ctx, `CREATE INDEX "crud_book_author_year" ON "crud_book" ("author", "year")`); err != nil {
		b.Fatal(err)
	}
	return d, books
}

// BenchmarkCRUDList serves GET /books/?limit=20&sort=-year&author=author-7
// over 10,000 rows in process: through crud.Routes ("panther"), through a
// hand-written net/http + database/sql handler running the same queries
// and writing the same JSON ("nethttp"), and as a cache hit of the crud
// list ("cached"); "hello" is net/http's JSON hello, the yardstick of a
// hit.
func BenchmarkCRUDList(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			d, books := crudDB(b, backend, 10_000)
			target := "/books/?limit=20&sort=-year&author=author-7"
			p := d.Dialect().Placeholder
			countSQL := `SELECT COUNT(*) FROM "crud_book" WHERE ("author" = ` + p(1) + `)`
			pageSQL := `SELECT "id", "title", "author", "year" FROM "crud_book" WHERE ("author" = ` + p(1) + `) ORDER BY "year" DESC, "id" LIMIT 20`
			handwritten := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				author := q.Get("author")
				var count int64
				if err := d.SQL().QueryRowContext(r.Context(), countSQL, author).Scan(&count); err != nil {
					http.Error(w, err.Error(), 500)
					return
				}
				rows, err := d.SQL().QueryContext(r.Context(), pageSQL, author)
				if err != nil {
					http.Error(w, err.Error(), 500)
					return
				}
				page := crud.Page[crudBook]{Count: count, Results: []crudBook{}}
				for rows.Next() {
					var bk crudBook
					if err := rows.Scan(&bk.ID, &bk.Title, &bk.Author, &bk.Year); err != nil {
						http.Error(w, err.Error(), 500)
						return
					}
					page.Results = append(page.Results, bk)
				}
				rows.Close()
				next := "?author=" + author + "&limit=20&skip=20&sort=-year"
				page.Next = &next
				w.Header().Set("Content-Type", "application/json")
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				enc.Encode(page)
			})
			plain := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
				"books/": crud.Routes(books, crud.Config[crudBook]{Filter: []string{"author"}, Sort: []string{"year"}}),
			}})
			cached := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
				"books/": crud.Routes(books, crud.Config[crudBook]{API: panther.API{Cache: time.Hour}, Filter: []string{"author"}, Sort: []string{"year"}}),
			}})
			hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(map[string]string{"message": "Hello, World!"})
			})
			// The two lists must answer alike.
			a, h := httptest.NewRecorder(), httptest.NewRecorder()
			plain.ServeHTTP(a, httptest.NewRequest("GET", target, nil))
			handwritten.ServeHTTP(h, httptest.NewRequest("GET", target, nil))
			if strings.TrimSpace(a.Body.String()) != strings.TrimSpace(h.Body.String()) {
				b.Fatalf("the answers differ:\n%s\n%s", a.Body, h.Body)
			}
			for _, tc := range []struct {
				name   string
				h      http.Handler
				target string
			}{{"panther", plain, target}, {"nethttp", handwritten, target}, {"cached", cached, target}, {"hello", hello, "/hello/"}} {
				b.Run(tc.name, func(b *testing.B) {
					req := httptest.NewRequest("GET", tc.target, nil)
					b.ReportAllocs()
					for b.Loop() {
						w := httptest.NewRecorder()
						tc.h.ServeHTTP(w, req)
						if w.Code != 200 {
							b.Fatal(w.Code, w.Body)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCRUDSearch is ?search= over 100,000 rows (a scan: "contains"
// has no index); p50-ms is the median latency of the requests.
func BenchmarkCRUDSearch(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			_, books := crudDB(b, backend, 100_000)
			app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
				"books/": crud.Routes(books, crud.Config[crudBook]{Search: []string{"title", "author"}}),
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
