package bench_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/postgres"
	"github.com/panther-go/panther/db/sqlite"
)

// benchBook is the model of the database benchmarks.
type benchBook struct {
	ID     int64   `db:"id"`
	Title  string  `db:"title"`
	Author string  `db:"author"`
	Year   int     `db:"year"`
	Rating float64 `db:"rating"`
}

// BenchmarkDB compares package db with hand-written database/sql code
// running the same statements on the same driver and pool (DB.SQL):
// get one row by id, read a 20-row page filtered by two fields and sorted
// out of 1,000, and insert one row (last, so the reads see 1,000 rows). Benchmark<DB>/<backend>/<operation>/<panther|sql>.
func BenchmarkDB(b *testing.B) {
	ctx := context.Background()
	backends := map[string]func() (*db.DB, error){
		"sqlite": func() (*db.DB, error) {
			return sqlite.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), db.Options{Logger: slog.New(slog.DiscardHandler)})
		},
	}
	if url := os.Getenv("PANTHER_TEST_POSTGRES"); url != "" {
		backends["postgres"] = func() (*db.DB, error) {
			return postgres.Open(ctx, url, db.Options{Logger: slog.New(slog.DiscardHandler)})
		}
	}
	for _, name := range []string{"sqlite", "postgres"} {
		open, ok := backends[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			d, err := open()
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			d.SQL().ExecContext(ctx, `DROP TABLE IF EXISTS "bench_book"`)
			books := db.NewTable[benchBook](d)
			if err := d.AutoMigrate(ctx, books); err != nil {
				b.Fatal(err)
			}
			seed := make([]benchBook, 1000)
			for i := range seed {
				seed[i] = benchBook{Title: fmt.Sprintf("Book %d", i), Author: fmt.Sprintf("author-%d", i%10), Year: 1900 + i%120, Rating: float64(i%50) / 10}
			}
			if err := books.InsertMany(ctx, seed); err != nil {
				b.Fatal(err)
			}
			raw := d.SQL()
			p := d.Dialect().Placeholder
			insertSQL := `INSERT INTO "bench_book" ("title", "author", "year", "rating") VALUES (` + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + `) RETURNING "id"`
			getSQL := `SELECT "id", "title", "author", "year", "rating" FROM "bench_book" WHERE "id" = ` + p(1)
			pageSQL := `SELECT "id", "title", "author", "year", "rating" FROM "bench_book" WHERE ("year" >= ` + p(1) + ` AND "author" = ` + p(2) + `) ORDER BY "year" DESC, "id" LIMIT 20`

			b.Run("get/panther", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := books.Get(ctx, 500); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("get/sql", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var bk benchBook
					if err := raw.QueryRowContext(ctx, getSQL, int64(500)).Scan(&bk.ID, &bk.Title, &bk.Author, &bk.Year, &bk.Rating); err != nil {
						b.Fatal(err)
					}
				}
			})
			page := db.Query{Where: db.And(db.Gte("year", 1950), db.Eq("author", "author-3")), Sort: []db.Sort{{Field: "year", Desc: true}}, Limit: 20}
			b.Run("page/panther", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if bs, err := books.Find(ctx, page); err != nil || len(bs) != 20 {
						b.Fatal(len(bs), err)
					}
				}
			})
			b.Run("page/sql", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					rows, err := raw.QueryContext(ctx, pageSQL, 1950, "author-3")
					if err != nil {
						b.Fatal(err)
					}
					bs := []benchBook{}
					for rows.Next() {
						var bk benchBook
						if err := rows.Scan(&bk.ID, &bk.Title, &bk.Author, &bk.Year, &bk.Rating); err != nil {
							b.Fatal(err)
						}
						bs = append(bs, bk)
					}
					rows.Close()
					if len(bs) != 20 {
						b.Fatal(len(bs))
					}
				}
			})
			b.Run("insert/panther", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					bk := benchBook{Title: "New", Author: "x", Year: 2000, Rating: 1}
					if err := books.Insert(ctx, &bk); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("insert/sql", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					bk := benchBook{Title: "New", Author: "x", Year: 2000, Rating: 1}
					if err := raw.QueryRowContext(ctx, insertSQL, bk.Title, bk.Author, bk.Year, bk.Rating).Scan(&bk.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
