// Command crud is the First CRUD of Panther for Go: a books resource on
// SQLite (or PostgreSQL with -db postgres://…) in one file. Run it with
//
//	go run ./examples/crud
//
// and follow README.md beside this file with curl.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	_ "github.com/panther-go/panther/db/postgres" // -db postgres://…
	_ "github.com/panther-go/panther/db/sqlite"   // -db sqlite:…
)

// Book is the model: a row of the book table, and what the API answers.
type Book struct {
	ID     int64  `db:"id" json:"id"`
	Title  string `db:"title,unique" json:"title"`
	Author string `db:"author" json:"author"`
	Year   int    `db:"year" json:"year"`
}

// BookIn is what POST and PUT take.
type BookIn struct {
	Title  string `json:"title" validate:"required,max=200"`
	Author string `json:"author" validate:"required,max=100"`
	Year   int    `json:"year" validate:"required,min=1450,max=2100"`
}

// BookPatch is what PATCH takes: only the fields sent are written.
type BookPatch struct {
	Title  *string `json:"title" validate:"omitempty,min=1,max=200"`
	Author *string `json:"author" validate:"omitempty,min=1,max=100"`
	Year   *int    `json:"year" validate:"omitempty,min=1450,max=2100"`
}

// newApp opens the database, creates the table when missing and
// declares the resource.
func newApp(ctx context.Context, url string, logger *slog.Logger) (*panther.App, error) {
	d, err := db.Open(ctx, url, db.Options{Logger: logger})
	if err != nil {
		return nil, err
	}
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(ctx, books); err != nil {
		d.Close()
		return nil, err
	}
	return panther.New(panther.Config{
		Logger: logger,
		DB:     d,
		URLs: panther.URLs{
			"books/": crud.Routes(books, crud.Config[Book]{
				API:     panther.API{Cache: 30 * time.Second},
				Create:  BookIn{},
				Replace: BookIn{},
				Patch:   BookPatch{},
				Delete:  true,
				Search:  []string{"title", "author"},
				Filter:  []string{"author", "year"},
				Sort:    []string{"title", "year"},
			}),
		},
	}), nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "listen address")
	url := flag.String("db", "sqlite:books.db", "the database: sqlite:PATH, sqlite::memory: or postgres://…")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	app, err := newApp(ctx, *url, logger)
	cancel()
	if err == nil {
		err = app.ListenAndServe(*addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crud:", err)
		os.Exit(2)
	}
}
