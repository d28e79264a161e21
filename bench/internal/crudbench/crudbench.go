// Package crudbench is what the CRUD benchmarks share, in process and
// under load: the model, its seeding, and the hand-written net/http +
// database/sql handler that crud.Routes is measured against.
package crudbench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
)

// Book is the model: a row of crud_book.
type Book struct {
	ID     int64  `db:"id" json:"id"`
	Title  string `db:"title" json:"title"`
	Author string `db:"author" json:"author"`
	Year   int    `db:"year" json:"year"`
}

// TableName is "crud_book".
func (Book) TableName() string { return "crud_book" }

// Target is the list request the benchmarks serve.
const Target = "/books/?limit=20&sort=-year&author=author-7"

// ItemTarget is the item request the benchmarks serve: one row by its key.
const ItemTarget = "/books/4242/"

// Config is the crud declaration of the list Target reads.
func Config(api panther.API) crud.Config[Book] {
	return crud.Config[Book]{API: api, Filter: []string{"author"}, Sort: []string{"year"}}
}

// Seed makes the table afresh with n books by 100 authors, indexed on
// (author, year) as a real table for Target would be.
func Seed(ctx context.Context, d *db.DB, n int) (*db.Table[Book], error) {
	if _, err := d.SQL().ExecContext(ctx, `DROP TABLE IF EXISTS "crud_book"`); err != nil {
		return nil, err
	}
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(ctx, books); err != nil {
		return nil, err
	}
	rows := make([]Book, n)
	for i := range rows {
		rows[i] = Book{Title: fmt.Sprintf("Book number %d", i), Author: fmt.Sprintf("author-%d", i%100), Year: 1900 + i%120}
	}
	for chunk := range slices.Chunk(rows, 5000) {
		if err := books.InsertMany(ctx, chunk); err != nil {
			return nil, err
		}
	}
	_, err := d.SQL().ExecContext(ctx, `CREATE INDEX "crud_book_author_year" ON "crud_book" ("author", "year")`)
	return books, err
}

// Handwritten answers Target as crud.Routes does, by hand: the same count
// and page statements on the same pool, the same JSON.
func Handwritten(d *db.DB) http.Handler {
	p := d.Dialect().Placeholder
	countSQL := `SELECT COUNT(*) FROM "crud_book" WHERE ("author" = ` + p(1) + `)`
	pageSQL := `SELECT "id", "title", "author", "year" FROM "crud_book" WHERE ("author" = ` + p(1) + `) ORDER BY "year" DESC, "id" LIMIT 20`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		author := r.URL.Query().Get("author")
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
		page := crud.Page[Book]{Count: count, Results: []Book{}}
		for rows.Next() {
			var b Book
			if err := rows.Scan(&b.ID, &b.Title, &b.Author, &b.Year); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			page.Results = append(page.Results, b)
		}
		rows.Close()
		next := "?author=" + author + "&limit=20&skip=20&sort=-year"
		page.Next = &next
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(page)
	})
}

// HandwrittenItem answers ItemTarget, and any /books/<id>/, as crud.Routes
// does, by hand: net/http's pattern for the id, one SELECT by the key on
// the same pool, the same JSON, 404 {"detail":"Book Does Not Exist"} for no row.
func HandwrittenItem(d *db.DB) http.Handler {
	itemSQL := `SELECT "id", "title", "author", "year" FROM "crud_book" WHERE "id" = ` + d.Dialect().Placeholder(1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /books/{id}/", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"id":"must be an integer"}`))
			return
		}
		var b Book
		err = d.SQL().QueryRowContext(r.Context(), itemSQL, id).Scan(&b.ID, &b.Title, &b.Author, &b.Year)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"detail":"Book Does Not Exist"}`))
			return
		case err != nil:
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(b)
	})
	return mux
}

// Hello is net/http's JSON hello, the yardstick of a cache hit.
var Hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"message": "Hello, World!"})
})
