// Package dbtest is the conformance suite of package db's backends: every
// verb, filter, sort and page, NULLs and zero values, unique and
// foreign-key errors, transactions, migrations, concurrent writers and
// cancellation. db/sqlite and db/postgres both pass it; so should any
// other backend.
//
//	func TestConformance(t *testing.T) {
//		dbtest.Run(t, func(t *testing.T) *db.DB { … a fresh, empty database … })
//	}
package dbtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/panther-go/panther/db"
)

// Author is a model a Book refers to.
type Author struct {
	ID   int64  `db:"id"`
	Name string `db:"name,unique"`
}

// Book has a field of every kind a column holds.
type Book struct {
	ID        int64          `db:"id"`
	Title     string         `db:"title,unique"`
	Year      int            `db:"year"`
	Rating    float64        `db:"rating"`
	Pages     uint16         `db:"pages"`
	InPrint   bool           `db:"in_print"`
	Tags      []string       `db:"tags"`
	Meta      map[string]int `db:"meta"`
	Note      *string        `db:"note"`
	Published *time.Time     `db:"published"`
	Added     time.Time      `db:"added"`
	Cover     []byte         `db:"cover"`
	AuthorID  *int64         `db:"author_id,ref=author"`
}

// Run runs the suite; open returns a database with none of the suite's
// tables (it drops them if they are there) for each subtest.
func Run(t *testing.T, open func(t *testing.T) *db.DB) {
	fresh := func(t *testing.T) (*db.DB, *db.Table[Author], *db.Table[Book]) {
		t.Helper()
		d := open(t)
		ctx := t.Context()
		for _, table := range []string{"book", "author", "panther_migrations", "shelf", "edition"} {
			if _, err := d.SQL().ExecContext(ctx, `DROP TABLE IF EXISTS "`+table+`"`); err != nil {
				t.Fatal(err)
			}
		}
		authors, books := db.NewTable[Author](d), db.NewTable[Book](d)
		if err := d.AutoMigrate(ctx, authors, books); err != nil {
			t.Fatal(err)
		}
		return d, authors, books
	}
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book])
	}{
		{"RoundTrip", roundTrip},
		{"Filters", filters},
		{"SortAndPages", sortAndPages},
		{"OneRow", oneRow},
		{"Updates", updates},
		{"Deletes", deletes},
		{"Constraints", constraints},
		{"UniqueGroups", uniqueGroups},
		{"FindOneOrInsert", findOneOrInsert},
		{"Transactions", transactions},
		{"ConcurrentWriters", concurrentWriters},
		{"Cancellation", cancellation},
		{"Migrations", migrations},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, authors, books := fresh(t)
			tc.run(t, d, authors, books)
		})
	}
}

func ptr[T any](v T) *T { return &v }

// at is a time as every backend keeps it: UTC, to the microsecond.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC().Truncate(time.Microsecond)
}

func seed(t *testing.T, books *db.Table[Book]) []Book {
	t.Helper()
	bs := []Book{
		{Title: "Dune", Year: 1965, Rating: 4.5, Tags: []string{"sf"}, Added: at("2026-01-01T10:00:00Z"), InPrint: true},
		{Title: "Emma", Year: 1815, Rating: 3.9, Added: at("2026-01-02T10:00:00Z"), Note: ptr("a classic")},
		{Title: "Émile", Year: 1762, Rating: 3.1, Added: at("2026-01-03T10:00:00Z")},
		{Title: "Ubik", Year: 1969, Rating: 4.2, Tags: []string{"sf", "pkd"}, Added: at("2026-01-04T10:00:00Z"), InPrint: true},
		{Title: "100% Cotton_Blend", Year: 1965, Rating: 2, Added: at("2026-01-05T10:00:00Z")},
	}
	if err := books.InsertMany(t.Context(), bs); err != nil {
		t.Fatal(err)
	}
	return bs
}

func titles(bs []Book) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Title
	}
	return out
}

func wantTitles(t *testing.T, what string, bs []Book, err error, want ...string) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if got := titles(bs); !slices.Equal(got, want) {
		t.Errorf("%s: %q, want %q", what, got, want)
	}
}

func roundTrip(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	author := Author{Name: "Herbert"}
	if err := authors.Insert(ctx, &author); err != nil || author.ID == 0 {
		t.Fatalf("insert author: %v, id %d", err, author.ID)
	}
	full := Book{
		Title: "Dune", Year: -44, Rating: math.Pi, Pages: 65535, InPrint: true,
		Tags: []string{"sf", "ökologie"}, Meta: map[string]int{"ed": 2}, Note: ptr(""),
		Published: ptr(at("1965-08-01T00:00:00.123456Z")), Added: at("2026-12-01T23:59:59.999999Z"),
		Cover: []byte{0, 1, 2, 255}, AuthorID: &author.ID,
	}
	empty := Book{Title: "Zero"} // every other field its zero value, every pointer nil
	for _, want := range []*Book{&full, &empty} {
		if err := books.Insert(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := books.Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(normal(got))
		w, _ := json.Marshal(normal(*want))
		if string(g) != string(w) {
			t.Errorf("read back\n %s\nwant\n %s", g, w)
		}
	}
	if full.ID == empty.ID {
		t.Error("two rows got one id")
	}
}

// normal makes values that mean the same compare the same: times in UTC,
// empty slices and maps as nil.
func normal(b Book) Book {
	b.Added = b.Added.UTC()
	if b.Published != nil {
		b.Published = ptr(b.Published.UTC())
	}
	if len(b.Tags) == 0 {
		b.Tags = nil
	}
	if len(b.Meta) == 0 {
		b.Meta = nil
	}
	if len(b.Cover) == 0 {
		b.Cover = nil
	}
	return b
}

func filters(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	seed(t, books)
	find := func(f db.Filter) ([]Book, error) { return books.Find(ctx, db.Query{Where: f}) }
	bs, err := find(db.Eq("year", 1965))
	wantTitles(t, "Eq", bs, err, "Dune", "100% Cotton_Blend")
	bs, err = find(db.Ne("title", "Dune"))
	wantTitles(t, "Ne", bs, err, "Emma", "Émile", "Ubik", "100% Cotton_Blend")
	bs, err = find(db.And(db.Gt("year", 1800), db.Lte("year", 1965)))
	wantTitles(t, "Gt Lte", bs, err, "Dune", "Emma", "100% Cotton_Blend")
	bs, err = find(db.Or(db.Lt("rating", 3.0), db.Gte("rating", 4.5)))
	wantTitles(t, "Or on floats", bs, err, "Dune", "100% Cotton_Blend")
	bs, err = find(db.And(db.Gte("added", at("2026-01-02T10:00:00Z")), db.Lt("added", at("2026-01-04T10:00:00Z"))))
	wantTitles(t, "time range", bs, err, "Emma", "Émile")
	bs, err = find(db.In("title", "Ubik", "Emma", "nope"))
	wantTitles(t, "In", bs, err, "Emma", "Ubik")
	bs, err = find(db.In("title"))
	wantTitles(t, "In nothing", bs, err)
	bs, err = find(db.NotNull("note"))
	wantTitles(t, "NotNull", bs, err, "Emma")
	bs, err = find(db.IsNull("note"))
	wantTitles(t, "IsNull", bs, err, "Dune", "Émile", "Ubik", "100% Cotton_Blend")
	bs, err = find(db.Eq("tags", []string{"sf"}))
	wantTitles(t, "Eq on JSON", bs, err, "Dune")
	bs, err = find(db.Eq("in_print", true))
	wantTitles(t, "bool", bs, err, "Dune", "Ubik")
	bs, err = find(db.Contains("title", "UB"))
	wantTitles(t, "Contains ignores case", bs, err, "Ubik")
	bs, err = find(db.Contains("title", "éMI"))
	wantTitles(t, "Contains folds beyond ASCII", bs, err, "Émile")
	bs, err = find(db.Contains("title", "0%"))
	wantTitles(t, "Contains takes % literally", bs, err, "100% Cotton_Blend")
	bs, err = find(db.Contains("title", "n_b"))
	wantTitles(t, "Contains takes _ literally", bs, err, "100% Cotton_Blend")
	bs, err = find(db.And(db.Filter{}, db.Or()))
	wantTitles(t, "empty And/Or select all", bs, err, "Dune", "Emma", "Émile", "Ubik", "100% Cotton_Blend")
	bs, err = find(db.Eq("year", int64(1969)))
	wantTitles(t, "another integer type", bs, err, "Ubik")

	for _, tc := range []struct {
		f     db.Filter
		field string
	}{
		{db.Eq("nope", 1), "nope"},
		{db.Eq("year", "1965"), "year"},
		{db.Eq("title", 5), "title"},
		{db.Gt("tags", 1), "tags"},
		{db.Contains("year", "19"), "year"},
		{db.Eq("year", nil), "year"},
		{db.Eq("pages", -1), "pages"},
		{db.Or(db.Eq("year", 1), db.Eq("'; DROP TABLE book; --", 1)), "'; DROP TABLE book; --"},
	} {
		_, err := find(tc.f)
		var fe *db.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.HTTPStatus() != http.StatusBadRequest {
			t.Errorf("filter on %s: %v, want a *db.FieldError naming it", tc.field, err)
		}
	}
	if n, err := books.Count(ctx, db.Filter{}); err != nil || n != 5 {
		t.Errorf("the table has %d rows (%v) after the bad filters, want 5", n, err)
	}
}

func sortAndPages(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	seed(t, books)
	q := func(q db.Query) ([]Book, error) { return books.Find(ctx, q) }
	bs, err := q(db.Query{Sort: []db.Sort{{Field: "year", Desc: true}, {Field: "title"}}})
	wantTitles(t, "year desc, title", bs, err, "Ubik", "100% Cotton_Blend", "Dune", "Emma", "Émile")
	bs, err = q(db.Query{Sort: []db.Sort{{Field: "year"}}})
	wantTitles(t, "ties by id", bs, err, "Émile", "Emma", "Dune", "100% Cotton_Blend", "Ubik")
	bs, err = q(db.Query{Sort: []db.Sort{{Field: "year"}}, Skip: 1, Limit: 2})
	wantTitles(t, "a page", bs, err, "Emma", "Dune")
	bs, err = q(db.Query{Skip: 3})
	wantTitles(t, "skip alone", bs, err, "Ubik", "100% Cotton_Blend")
	bs, err = q(db.Query{Skip: 10})
	wantTitles(t, "past the end", bs, err)
	bs, err = q(db.Query{Sort: []db.Sort{{Field: "id", Desc: true}}, Limit: 2})
	wantTitles(t, "by id desc", bs, err, "100% Cotton_Blend", "Ubik")
	for _, bad := range []db.Query{{Sort: []db.Sort{{Field: "nope"}}}, {Sort: []db.Sort{{Field: "tags"}}}, {Limit: -1}} {
		var fe *db.FieldError
		if _, err := q(bad); !errors.As(err, &fe) {
			t.Errorf("%+v: %v, want a *db.FieldError", bad, err)
		}
	}
}

func oneRow(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	seed(t, books)
	if b, err := books.FindOne(ctx, db.Eq("year", 1965)); err != nil || b.Title != "Dune" {
		t.Errorf("FindOne: %q %v, want the first by id", b.Title, err)
	}
	if b, err := books.First(ctx, db.Query{Sort: []db.Sort{{Field: "rating"}}}); err != nil || b.Title != "100% Cotton_Blend" {
		t.Errorf("First by rating: %q %v", b.Title, err)
	}
	if b, err := books.Last(ctx, db.Query{Sort: []db.Sort{{Field: "rating"}}}); err != nil || b.Title != "Dune" {
		t.Errorf("Last by rating: %q %v", b.Title, err)
	}
	if b, err := books.Last(ctx, db.Query{Where: db.Eq("year", 1965)}); err != nil || b.Title != "100% Cotton_Blend" {
		t.Errorf("Last by id: %q %v", b.Title, err)
	}
	_, err := books.FindOne(ctx, db.Eq("title", "Nope"))
	var nf *db.NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, db.ErrNotFound) || err.Error() != "Book Does Not Exist" || nf.HTTPStatus() != http.StatusNotFound {
		t.Errorf("FindOne of nothing: %v, want Book Does Not Exist", err)
	}
	if _, err := books.Get(ctx, 999); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("Get 999: %v", err)
	}
	if _, err := books.First(ctx, db.Query{Where: db.Eq("year", 1)}); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("First of nothing: %v", err)
	}
	if n, err := books.Count(ctx, db.Eq("in_print", true)); err != nil || n != 2 {
		t.Errorf("Count: %d %v", n, err)
	}
	if ok, err := books.Exists(ctx, db.Eq("title", "Ubik")); err != nil || !ok {
		t.Errorf("Exists: %v %v", ok, err)
	}
	if ok, err := books.Exists(ctx, db.Eq("title", "Nope")); err != nil || ok {
		t.Errorf("Exists of nothing: %v %v", ok, err)
	}
}

func updates(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	bs := seed(t, books)
	// Zero values stick: exactly the fields named are written.
	ok, err := books.UpdateOne(ctx, db.Eq("title", "Dune"), db.Set{"in_print": false, "year": 0, "tags": []string{}, "note": "n"})
	if err != nil || !ok {
		t.Fatalf("UpdateOne: %v %v", ok, err)
	}
	got, _ := books.Get(ctx, bs[0].ID)
	if got.InPrint || got.Year != 0 || len(got.Tags) != 0 || got.Note == nil || *got.Note != "n" || got.Rating != 4.5 {
		t.Errorf("after UpdateOne: %+v", got)
	}
	if ok, err := books.UpdateOne(ctx, db.Eq("year", 1965), db.Set{"rating": 1}); err != nil || !ok {
		t.Errorf("UpdateOne of two matches: %v %v", ok, err)
	}
	if n, _ := books.Count(ctx, db.Eq("rating", 1.0)); n != 1 {
		t.Errorf("UpdateOne changed %d rows, want 1", n)
	}
	if ok, err := books.UpdateOne(ctx, db.Eq("title", "Nope"), db.Set{"year": 1}); err != nil || ok {
		t.Errorf("UpdateOne of nothing: %v %v", ok, err)
	}
	n, err := books.UpdateMany(ctx, db.Gt("year", 1800), db.Set{"note": nil}) // Emma, Ubik, Cotton: Dune's year is 0 now
	if err != nil || n != 3 {
		t.Errorf("UpdateMany: %d %v", n, err)
	}
	if n, _ := books.Count(ctx, db.IsNull("note")); n != 4 {
		t.Errorf("%d NULL notes, want 4", n)
	}
	for _, set := range []db.Set{{"nope": 1}, {"id": 9}, {"year": "x"}, {"title": nil}, {}} {
		var fe *db.FieldError
		if _, err := books.UpdateMany(ctx, db.Filter{}, set); !errors.As(err, &fe) {
			t.Errorf("UpdateMany %v: %v, want a *db.FieldError", set, err)
		}
	}
	// Save: an update of every field, an insert for a new value.
	got.Title, got.Year = "Dune Messiah", 1969
	if err := books.Save(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if again, _ := books.Get(ctx, got.ID); again.Title != "Dune Messiah" || again.Year != 1969 {
		t.Errorf("after Save: %+v", again)
	}
	fresh := Book{Title: "Solaris"}
	if err := books.Save(ctx, &fresh); err != nil || fresh.ID == 0 {
		t.Errorf("Save of a new book: %v, id %d", err, fresh.ID)
	}
	gone := Book{ID: 999, Title: "x"}
	if err := books.Save(ctx, &gone); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("Save of a missing row: %v", err)
	}
}

func deletes(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	seed(t, books)
	if ok, err := books.DeleteOne(ctx, db.Eq("year", 1965)); err != nil || !ok {
		t.Errorf("DeleteOne: %v %v", ok, err)
	}
	bs, err := books.Find(ctx, db.Query{Where: db.Eq("year", 1965)})
	wantTitles(t, "after DeleteOne", bs, err, "100% Cotton_Blend")
	if ok, err := books.DeleteOne(ctx, db.Eq("title", "Nope")); err != nil || ok {
		t.Errorf("DeleteOne of nothing: %v %v", ok, err)
	}
	if n, err := books.DeleteMany(ctx, db.Lt("year", 1900)); err != nil || n != 2 {
		t.Errorf("DeleteMany: %d %v", n, err)
	}
	if n, err := books.DeleteMany(ctx, db.Filter{}); err != nil || n != 2 {
		t.Errorf("DeleteMany of all: %d %v", n, err)
	}
}

func constraints(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	seed(t, books)
	err := books.Insert(ctx, &Book{Title: "Dune"})
	var ce *db.ConflictError
	if !errors.As(err, &ce) || ce.Field != "title" || ce.HTTPStatus() != http.StatusConflict || err.Error() != "Book with this title already exists" {
		t.Errorf("duplicate title: %v, want a *db.ConflictError on title", err)
	}
	if _, err := books.UpdateOne(ctx, db.Eq("title", "Emma"), db.Set{"title": "Ubik"}); !errors.As(err, &ce) {
		t.Errorf("update to a duplicate: %v", err)
	}
	var re *db.ReferenceError
	if err := books.Insert(ctx, &Book{Title: "Orphan", AuthorID: ptr(int64(12345))}); !errors.As(err, &re) || re.HTTPStatus() != http.StatusConflict {
		t.Errorf("a reference to no author: %v, want a *db.ReferenceError", err)
	}
	if strings.Contains(fmt.Sprint(err), "SQL") || strings.Contains(fmt.Sprint(err), "sqlite") {
		t.Errorf("the error shows the driver: %v", err)
	}
	// InsertMany is all or nothing.
	err = books.InsertMany(ctx, []Book{{Title: "New"}, {Title: "Emma"}})
	if !errors.As(err, &ce) {
		t.Errorf("InsertMany with a duplicate: %v", err)
	}
	if ok, _ := books.Exists(ctx, db.Eq("title", "New")); ok {
		t.Error("InsertMany kept the rows before the failure")
	}
}

func findOneOrInsert(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	a, inserted, err := authors.FindOneOrInsert(ctx, db.Eq("name", "Le Guin"), Author{Name: "Le Guin"})
	if err != nil || !inserted || a.ID == 0 {
		t.Fatalf("first: %+v %v %v", a, inserted, err)
	}
	b, inserted, err := authors.FindOneOrInsert(ctx, db.Eq("name", "Le Guin"), Author{Name: "Le Guin"})
	if err != nil || inserted || b.ID != a.ID {
		t.Errorf("second: %+v %v %v, want the first row", b, inserted, err)
	}
	// Racing callers end with one row, and each gets it.
	var wg sync.WaitGroup
	ids := make([]int64, 16)
	errs := make([]error, 16)
	for i := range ids {
		wg.Go(func() {
			r, _, err := authors.FindOneOrInsert(ctx, db.Eq("name", "Lem"), Author{Name: "Lem"})
			ids[i], errs[i] = r.ID, err
		})
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Errorf("racer %d: id %d, err %v; want id %d", i, ids[i], errs[i], ids[0])
		}
	}
	if n, _ := authors.Count(ctx, db.Eq("name", "Lem")); n != 1 {
		t.Errorf("%d rows for Lem, want 1", n)
	}
}

func transactions(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	err := d.Tx(ctx, func(ctx context.Context) error {
		a := Author{Name: "Asimov"}
		if err := authors.Insert(ctx, &a); err != nil {
			return err
		}
		if n, err := authors.Count(ctx, db.Filter{}); err != nil || n != 1 {
			return fmt.Errorf("inside, the insert is seen: %d %v", n, err)
		}
		return books.Insert(ctx, &Book{Title: "Foundation", AuthorID: &a.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := books.Count(ctx, db.Filter{}); n != 1 {
		t.Errorf("committed: %d books, want 1", n)
	}
	boom := errors.New("boom")
	err = d.Tx(ctx, func(ctx context.Context) error {
		if err := books.Insert(ctx, &Book{Title: "Rolled back"}); err != nil {
			return err
		}
		return d.Tx(ctx, func(ctx context.Context) error { // joins the outer one
			if _, err := books.DeleteMany(ctx, db.Filter{}); err != nil {
				return err
			}
			return boom
		})
	})
	if !errors.Is(err, boom) {
		t.Errorf("Tx returned %v, want fn's error", err)
	}
	bs, err := books.Find(ctx, db.Query{})
	wantTitles(t, "after a rollback", bs, err, "Foundation")
	func() {
		defer func() {
			if v := recover(); v != "panic in a transaction" {
				t.Errorf("recovered %v, want the panic to go on", v)
			}
		}()
		d.Tx(ctx, func(ctx context.Context) error {
			books.Insert(ctx, &Book{Title: "Panicked"})
			panic("panic in a transaction")
		})
	}()
	if ok, _ := books.Exists(ctx, db.Eq("title", "Panicked")); ok {
		t.Error("a panicking transaction was committed")
	}
}

func concurrentWriters(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	const writers, each = 50, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := books.Insert(ctx, &Book{Title: fmt.Sprintf("w%d-%d", w, i), Year: w})
				if err == nil {
					_, err = books.UpdateMany(ctx, db.Eq("title", fmt.Sprintf("w%d-%d", w, i)), db.Set{"rating": float64(i)})
				}
				if err == nil {
					_, err = books.Count(ctx, db.Eq("year", w))
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d of %d writes failed; the first: %v", len(failures), writers*each, failures[0])
	}
	if n, err := books.Count(ctx, db.Filter{}); err != nil || n != writers*each {
		t.Errorf("%d rows (%v), want %d", n, err, writers*each)
	}
}

func cancellation(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := books.Find(ctx, db.Query{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Find on a cancelled context: %v, want context.Canceled", err)
	}
	if err := books.Insert(ctx, &Book{Title: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Insert on a cancelled context: %v, want context.Canceled", err)
	}
	if err := d.Tx(ctx, func(context.Context) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Tx on a cancelled context: %v, want context.Canceled", err)
	}
	if n, err := books.Count(t.Context(), db.Filter{}); err != nil || n != 0 {
		t.Errorf("after cancelled writes: %d rows, %v", n, err)
	}
}

// shelfV1 and shelfV2 are one table before and after a field was added.
type shelfV1 struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

func (shelfV1) TableName() string { return "shelf" }

type shelfV2 struct {
	ID    int64   `db:"id"`
	Name  string  `db:"name"`
	Size  int     `db:"size"`
	Label *string `db:"label"`
}

func (shelfV2) TableName() string { return "shelf" }

func migrations(t *testing.T, d *db.DB, authors *db.Table[Author], books *db.Table[Book]) {
	ctx := t.Context()
	v1 := db.NewTable[shelfV1](d)
	if err := d.AutoMigrate(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if err := v1.Insert(ctx, &shelfV1{Name: "old"}); err != nil {
		t.Fatal(err)
	}
	v2 := db.NewTable[shelfV2](d)
	if err := d.AutoMigrate(ctx, v2); err != nil {
		t.Fatalf("adding columns: %v", err)
	}
	if got, err := v2.FindOne(ctx, db.Eq("name", "old")); err != nil || got.Size != 0 || got.Label != nil {
		t.Errorf("an old row after the new columns: %+v %v", got, err)
	}

	fsys := fstest.MapFS{
		"002_year.sql":   {Data: []byte(`ALTER TABLE "author" ADD COLUMN "born" INTEGER;`)},
		"001_seed.sql":   {Data: []byte(`INSERT INTO "author" ("name") VALUES ('Tolkien'); INSERT INTO "author" ("name") VALUES ('Pratchett');`)},
		"README.md":      {Data: []byte("not a migration")},
		"003_broken.sql": {Data: []byte(`INSERT INTO "author" ("name") VALUES ('Half'); THIS IS NOT SQL;`)},
	}
	err := d.Migrate(ctx, fsys)
	if err == nil || !strings.Contains(err.Error(), "003_broken.sql") {
		t.Errorf("a broken migration: %v, want an error naming it", err)
	}
	if n, _ := authors.Count(ctx, db.Filter{}); n != 2 {
		t.Errorf("%d authors after the migrations, want 2: the broken one rolled back", n)
	}
	delete(fsys, "003_broken.sql")
	if err := d.Migrate(ctx, fsys); err != nil {
		t.Fatal(err)
	}
	if n, _ := authors.Count(ctx, db.Filter{}); n != 2 {
		t.Errorf("a second Migrate ran the migrations again: %d authors", n)
	}
	var applied int
	if err := d.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM "panther_migrations"`).Scan(&applied); err != nil || applied != 2 {
		t.Errorf("%d migrations recorded (%v), want 2", applied, err)
	}
	if err := d.Migrate(ctx, fstest.MapFS{"x.sql": {Data: []byte("")}}); err == nil {
		t.Error("a migration without a version was accepted")
	}
}

// editionV1 is the edition table before its unique group.
type editionV1 struct {
	ID        int64  `db:"id"`
	Title     string `db:"title"`
	Publisher string `db:"publisher"`
}

func (editionV1) TableName() string { return "edition" }

// edition may repeat a title or a publisher, never both together.
type edition struct {
	ID        int64  `db:"id"`
	Title     string `db:"title,unique=title_publisher"`
	Publisher string `db:"publisher,unique=title_publisher"`
	Year      int    `db:"year"`
}

// uniqueGroups: columns tagged with one unique=GROUP are unique together;
// AutoMigrate adds the group to a table made before it, and again is a
// no-op; a violation is a *ConflictError naming the group's columns.
func uniqueGroups(t *testing.T, d *db.DB, _ *db.Table[Author], _ *db.Table[Book]) {
	ctx := t.Context()
	old := db.NewTable[editionV1](d)
	if err := d.AutoMigrate(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := old.Insert(ctx, &editionV1{Title: "Dune", Publisher: "Chilton"}); err != nil {
		t.Fatal(err)
	}
	editions := db.NewTable[edition](d)
	for range 2 {
		if err := d.AutoMigrate(ctx, editions); err != nil {
			t.Fatalf("AutoMigrate with a unique group: %v", err)
		}
	}
	for _, e := range []edition{{Title: "Dune", Publisher: "Ace"}, {Title: "Emma", Publisher: "Chilton"}} {
		if err := editions.Insert(ctx, &e); err != nil {
			t.Fatalf("%+v shares only one column of the group: %v", e, err)
		}
	}
	err := editions.Insert(ctx, &edition{Title: "Dune", Publisher: "Chilton", Year: 1965})
	var ce *db.ConflictError
	if !errors.As(err, &ce) || ce.Field != "title,publisher" || err.Error() != "edition with this title and publisher already exists" {
		t.Errorf("both columns again: %v (%+v), want a *db.ConflictError on title,publisher", err, ce)
	}
	if _, err := editions.UpdateOne(ctx, db.Eq("publisher", "Ace"), db.Set{"publisher": "Chilton"}); !errors.As(err, &ce) {
		t.Errorf("an update onto the group's values: %v, want a *db.ConflictError", err)
	}
	if n, err := editions.Count(ctx, db.Filter{}); err != nil || n != 3 {
		t.Errorf("rows after the refusals: %d %v, want 3", n, err)
	}
}
