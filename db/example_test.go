package db_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing/fstest"

	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/sqlite"
)

type Book struct {
	ID    int64    `db:"id"`
	Title string   `db:"title,unique"`
	Year  int      `db:"year"`
	Tags  []string `db:"tags"`
	Note  *string  `db:"note"`
}

// open is an empty in-memory database with the books table.
func open() (*db.DB, *db.Table[Book]) {
	ctx := context.Background()
	d, err := sqlite.Open(ctx, "sqlite::memory:", db.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err)
	}
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(ctx, books); err != nil {
		panic(err)
	}
	books.InsertMany(ctx, []Book{
		{Title: "Dune", Year: 1965, Tags: []string{"sf"}},
		{Title: "Emma", Year: 1815},
		{Title: "Ubik", Year: 1969, Tags: []string{"sf"}},
	})
	return d, books
}

func ExampleTable_Insert() {
	d, books := open()
	defer d.Close()
	b := Book{Title: "Solaris", Year: 1961}
	err := books.Insert(context.Background(), &b)
	fmt.Println(b.ID, err)
	err = books.Insert(context.Background(), &Book{Title: "Dune"})
	fmt.Println(err)
	// Output:
	// 4 <nil>
	// Book with this title already exists
}

func ExampleTable_Find() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	found, _ := books.Find(ctx, db.Query{
		Where: db.Or(db.Gte("year", 1960), db.Contains("title", "EM")),
		Sort:  []db.Sort{{Field: "year", Desc: true}},
		Limit: 2,
	})
	for _, b := range found {
		fmt.Println(b.Title, b.Year)
	}
	_, err := books.Find(ctx, db.Query{Where: db.Eq("year", "1965")})
	fmt.Println(err)
	// Output:
	// Ubik 1969
	// Dune 1965
	// year: must be an integer
}

func ExampleTable_FindOne() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	b, err := books.FindOne(ctx, db.Eq("title", "Emma"))
	fmt.Println(b.Year, err)
	_, err = books.FindOne(ctx, db.Eq("title", "Nope"))
	fmt.Println(err, errors.Is(err, db.ErrNotFound)) // a Panther handler answers it 404
	// Output:
	// 1815 <nil>
	// Book Does Not Exist true
}

func ExampleTable_First() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	oldest, _ := books.First(ctx, db.Query{Sort: []db.Sort{{Field: "year"}}})
	newest, _ := books.Last(ctx, db.Query{Sort: []db.Sort{{Field: "year"}}})
	n, _ := books.Count(ctx, db.Eq("tags", []string{"sf"}))
	ok, _ := books.Exists(ctx, db.IsNull("note"))
	fmt.Println(oldest.Title, newest.Title, n, ok)
	// Output: Emma Ubik 2 true
}

// An update writes exactly the fields named, so zero values stick.
func ExampleTable_UpdateMany() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	n, err := books.UpdateMany(ctx, db.In("title", "Dune", "Ubik"), db.Set{"year": 0, "note": "reread"})
	fmt.Println(n, err)
	ok, _ := books.UpdateOne(ctx, db.Eq("title", "Emma"), db.Set{"tags": []string{"classic"}})
	b, _ := books.FindOne(ctx, db.Eq("title", "Dune"))
	fmt.Println(ok, b.Year, *b.Note)
	// Output:
	// 2 <nil>
	// true 0 reread
}

func ExampleTable_DeleteMany() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	one, _ := books.DeleteOne(ctx, db.Gt("year", 1900))
	many, _ := books.DeleteMany(ctx, db.Filter{})
	fmt.Println(one, many)
	// Output: true 2
}

func ExampleTable_FindOneOrInsert() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	b, inserted, _ := books.FindOneOrInsert(ctx, db.Eq("title", "Dune"), Book{Title: "Dune"})
	fmt.Println(b.Year, inserted)
	b, inserted, _ = books.FindOneOrInsert(ctx, db.Eq("title", "Kindred"), Book{Title: "Kindred", Year: 1979})
	fmt.Println(b.ID, inserted)
	// Output:
	// 1965 false
	// 4 true
}

// Tx runs a function in one transaction; the tables used with its context
// are inside it.
func ExampleDB_Tx() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	err := d.Tx(ctx, func(ctx context.Context) error {
		if _, err := books.DeleteMany(ctx, db.Filter{}); err != nil {
			return err
		}
		return errors.New("changed my mind")
	})
	n, _ := books.Count(ctx, db.Filter{})
	fmt.Println(err, n)
	// Output: changed my mind 3
}

func ExampleDB_Migrate() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	migrations := fstest.MapFS{
		"001_pages.sql": {Data: []byte(`ALTER TABLE "book" ADD COLUMN "pages" INTEGER NOT NULL DEFAULT 0;`)},
		"002_dune.sql":  {Data: []byte(`UPDATE "book" SET "pages" = 412 WHERE "title" = 'Dune';`)},
	}
	fmt.Println(d.Migrate(ctx, migrations), d.Migrate(ctx, migrations)) // the second applies nothing
	var pages int
	d.SQL().QueryRowContext(ctx, `SELECT "pages" FROM "book" WHERE "title" = 'Dune'`).Scan(&pages)
	_, err := books.Get(ctx, 1)
	fmt.Println(pages, err)
	// Output:
	// <nil> <nil>
	// 412 <nil>
}

// Save writes every field: an insert for a new value, an update for one
// read before.
func ExampleTable_Save() {
	d, books := open()
	defer d.Close()
	ctx := context.Background()
	b, _ := books.Get(ctx, 2)
	b.Year = 1816
	fmt.Println(books.Save(ctx, &b))
	again, _ := books.Get(ctx, 2)
	fresh := Book{Title: "Kindred"}
	fmt.Println(again.Year, books.Save(ctx, &fresh), fresh.ID)
	// Output:
	// <nil>
	// 1816 <nil> 4
}
