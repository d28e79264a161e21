package crud_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/postgres"
	"github.com/panther-go/panther/db/sqlite"
	"github.com/panther-go/panther/openapi"
	"github.com/panther-go/panther/panthertest"
)

type Book struct {
	ID      int64    `db:"id" json:"id"`
	Title   string   `db:"title,unique" json:"title"`
	Author  string   `db:"author" json:"author"`
	Year    int      `db:"year" json:"year"`
	InPrint bool     `db:"in_print" json:"in_print"`
	Tags    []string `db:"tags" json:"tags"`
	Owner   string   `db:"owner" json:"owner"`
}

type BookIn struct {
	Title   string   `json:"title" validate:"required,max=200"`
	Author  string   `json:"author" validate:"required"`
	Year    int      `json:"year" validate:"required,min=1450,max=2100"`
	InPrint bool     `json:"in_print"`
	Tags    []string `json:"tags" validate:"max=5"`
}

type BookPatch struct {
	Title   *string   `json:"title" validate:"omitempty,min=1"`
	Author  *string   `json:"author"`
	Year    *int      `json:"year" validate:"omitempty,min=1450"`
	InPrint *bool     `json:"in_print"`
	Tags    *[]string `json:"tags"`
}

type user string

func (u user) UserID() string { return string(u) }

// backends opens each database the suite runs on: SQLite always,
// PostgreSQL with PANTHER_TEST_POSTGRES.
func backends(t *testing.T) map[string]*db.DB {
	out := map[string]*db.DB{}
	quiet := db.Options{Logger: slog.New(slog.DiscardHandler)}
	d, err := sqlite.Open(t.Context(), "sqlite::memory:", quiet)
	if err != nil {
		t.Fatal(err)
	}
	out["sqlite"] = d
	if url := os.Getenv("PANTHER_TEST_POSTGRES"); url != "" {
		d, err := postgres.Open(t.Context(), url, quiet)
		if err != nil {
			t.Fatal(err)
		}
		out["postgres"] = d
	}
	for _, d := range out {
		t.Cleanup(func() { d.Close() })
	}
	return out
}

// app serves books, owned per user from the X-User header, cached 60 s.
func app(t *testing.T, d *db.DB) (*panthertest.Client, *db.Table[Book]) {
	t.Helper()
	if _, err := d.SQL().ExecContext(t.Context(), `DROP TABLE IF EXISTS "book"`); err != nil {
		t.Fatal(err)
	}
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(t.Context(), books); err != nil {
		t.Fatal(err)
	}
	auth := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
		if u := r.Header.Get("X-User"); u != "" {
			return user(u), nil
		}
		return nil, panther.ErrNoCredentials
	})
	a := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), Authenticator: auth, URLs: panther.URLs{
		"books/": crud.Routes(books, crud.Config[Book]{
			API:     panther.API{Auth: panther.AuthRequired, Cache: time.Minute},
			Create:  BookIn{},
			Replace: BookIn{},
			Patch:   BookPatch{},
			Delete:  true,
			Search:  []string{"title", "author"},
			Filter:  []string{"author", "year", "in_print"},
			Sort:    []string{"title", "year"},
			Scope:   func(r *panther.Request) db.Filter { return db.Eq("owner", r.User().UserID()) },
			BeforeCreate: func(r *panther.Request, b *Book) error {
				b.Owner = r.User().UserID()
				return nil
			},
			BeforeDelete: func(r *panther.Request, b Book) error {
				if b.Title == "Keep" {
					return panther.NewError(http.StatusConflict, "This book is kept")
				}
				return nil
			},
		}),
	}})
	return panthertest.New(t, a).WithHeader("X-User", "alice"), books
}

func seed(t *testing.T, c *panthertest.Client) {
	t.Helper()
	for _, b := range []BookIn{
		{Title: "Dune", Author: "Frank Herbert", Year: 1965, InPrint: true},
		{Title: "Emma", Author: "Jane Austen", Year: 1815},
		{Title: "Persuasion", Author: "Jane Austen", Year: 1817, InPrint: true},
		{Title: "Ubik", Author: "Philip K. Dick", Year: 1969},
		{Title: "Émile", Author: "Rousseau", Year: 1762},
	} {
		c.Post("/books/", b).WantStatus(http.StatusCreated)
	}
}

func titles(t *testing.T, res *panthertest.Response) string {
	t.Helper()
	var page crud.Page[Book]
	res.WantStatus(http.StatusOK).JSON(&page)
	var out []string
	for _, b := range page.Results {
		out = append(out, b.Title)
	}
	next, prev := "null", "null"
	if page.Next != nil {
		next = *page.Next
	}
	if page.Previous != nil {
		prev = *page.Previous
	}
	return fmt.Sprintf("%d %s next=%s previous=%s", page.Count, strings.Join(out, ","), next, prev)
}

func TestList(t *testing.T) {
	for name, d := range backends(t) {
		t.Run(name, func(t *testing.T) {
			c, _ := app(t, d)
			seed(t, c)
			c.WithHeader("X-User", "bob").Post("/books/", BookIn{Title: "Bob's", Author: "Bob", Year: 2000}).WantStatus(http.StatusCreated)
			for query, want := range map[string]string{
				"":                                 "5 Dune,Emma,Persuasion,Ubik,Émile next=null previous=null",
				"?limit=2":                         "5 Dune,Emma next=?limit=2&skip=2 previous=null",
				"?limit=2&skip=2":                  "5 Persuasion,Ubik next=?limit=2&skip=4 previous=?limit=2",
				"?limit=2&skip=4&sort=-year":       "5 Émile next=null previous=?limit=2&skip=2&sort=-year",
				"?sort=-year,title":                "5 Ubik,Dune,Persuasion,Emma,Émile next=null previous=null",
				"?sort=title&limit=1":              "5 Dune next=?limit=1&skip=1&sort=title previous=null",
				"?search=AUST":                     "2 Emma,Persuasion next=null previous=null",
				"?search=émi":                      "1 Émile next=null previous=null",
				"?search=dune":                     "1 Dune next=null previous=null",
				"?author=Jane%20Austen":            "2 Emma,Persuasion next=null previous=null",
				"?year=1965":                       "1 Dune next=null previous=null",
				"?year__gte=1800&year__lte=1966":   "3 Dune,Emma,Persuasion next=null previous=null",
				"?year__gt=1965":                   "1 Ubik next=null previous=null",
				"?year__lt=1800":                   "1 Émile next=null previous=null",
				"?in_print=true&sort=-id":          "2 Persuasion,Dune next=null previous=null",
				"?author=Jane+Austen&search=persu": "1 Persuasion next=null previous=null",
			} {
				if got := titles(t, c.Get("/books/"+query)); got != want {
					t.Errorf("GET /books/%s: %s, want %s", query, got, want)
				}
			}
			if got := titles(t, c.Get("/books/?skip=10&limit=2")); got != "5  next=null previous=?limit=2&skip=8" {
				t.Errorf("past the end: %s", got)
			}
			for query, want := range map[string]string{
				"?limit=abc":      `{"limit":"must be an integer"}`,
				"?limit=0":        `{"limit":"must be at least 1"}`,
				"?limit=100000":   `{"limit":"must be at most 100"}`,
				"?skip=-1":        `{"skip":"must be at least 0"}`,
				"?year=abc":       `{"year":"must be an integer"}`,
				"?in_print=maybe": `{"in_print":"must be a boolean"}`,
				"?sort=owner":     `{"sort":"must be one of id, -id, title, -title, year, -year, comma-separated"}`,
				"?sort=year,,":    `{"sort":"must be one of id, -id, title, -title, year, -year, comma-separated"}`,
				"?color=red":      `{"color":"is not a parameter of this list; use author, in_print, limit, search, skip, sort, year, year__gt, year__gte, year__lt, year__lte"}`,
				"?author__gte=a":  `{"author__gte":"is not a parameter of this list; use author, in_print, limit, search, skip, sort, year, year__gt, year__gte, year__lt, year__lte"}`,
			} {
				c.Get("/books/" + query).WantStatus(http.StatusBadRequest).WantBody(want)
			}
		})
	}
}

func TestItem(t *testing.T) {
	for name, d := range backends(t) {
		t.Run(name, func(t *testing.T) {
			c, books := app(t, d)
			seed(t, c)
			c.Get("/books/1/").WantStatus(http.StatusOK).WantBody(`{"id":1,"title":"Dune","author":"Frank Herbert","year":1965,"in_print":true,"tags":null,"owner":"alice"}`)
			c.Get("/books/99/").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Book Does Not Exist"}`)
			c.Get("/books/abc/").WantStatus(http.StatusBadRequest).WantBody(`{"id":"must be an integer"}`)
			bob := c.WithHeader("X-User", "bob")
			bob.Get("/books/1/").WantStatus(http.StatusNotFound) // another user's row is not there
			bob.Put("/books/1/", BookIn{Title: "Mine", Author: "x", Year: 2000}).WantStatus(http.StatusNotFound)
			bob.Delete("/books/1/").WantStatus(http.StatusNotFound)

			c.Post("/books/", BookIn{Title: "Dune", Author: "Frank Herbert", Year: 1965}).WantStatus(http.StatusConflict).WantBody(`{"detail":"Book with this title already exists"}`)
			c.Post("/books/", map[string]any{"title": "x"}).WantStatus(http.StatusBadRequest).WantBody(`{"author":"is required","year":"is required"}`)

			c.Put("/books/2/", BookIn{Title: "Emma.", Author: "J. Austen", Year: 1816}).WantStatus(http.StatusOK).
				WantBody(`{"id":2,"title":"Emma.","author":"J. Austen","year":1816,"in_print":false,"tags":null,"owner":"alice"}`)
			c.Put("/books/2/", map[string]any{"title": "x"}).WantStatus(http.StatusBadRequest)
			c.Put("/books/zz/", BookIn{Title: "x", Author: "x", Year: 2000}).WantStatus(http.StatusBadRequest).WantBody(`{"id":"must be an integer"}`)
			// PATCH writes the fields sent, zero values included, and nothing else.
			c.Patch("/books/1/", map[string]any{"in_print": false, "tags": []string{"sf"}}).WantStatus(http.StatusOK).
				WantBody(`{"id":1,"title":"Dune","author":"Frank Herbert","year":1965,"in_print":false,"tags":["sf"],"owner":"alice"}`)
			c.Patch("/books/1/", nil).WantStatus(http.StatusOK) // nothing sent, nothing written
			c.Patch("/books/1/", map[string]any{"title": "Emma."}).WantStatus(http.StatusConflict)
			c.Patch("/books/1/", map[string]any{"year": 10}).WantStatus(http.StatusBadRequest).WantBody(`{"year":"must be at least 1450"}`)

			c.Delete("/books/1/").WantStatus(http.StatusNoContent).WantBody(``)
			c.Get("/books/1/").WantStatus(http.StatusNotFound)
			c.Delete("/books/1/").WantStatus(http.StatusNotFound)
			var kept Book // PostgreSQL spends ids on failed inserts: ask for this one's
			c.Post("/books/", BookIn{Title: "Keep", Author: "x", Year: 2000}).WantStatus(http.StatusCreated).JSON(&kept)
			c.Delete(fmt.Sprintf("/books/%d/", kept.ID)).WantStatus(http.StatusConflict).WantBody(`{"detail":"This book is kept"}`)
			if ok, _ := books.Exists(t.Context(), db.Eq("title", "Keep")); !ok {
				t.Error("a refused delete deleted")
			}
			c.Post("/books/1/", nil).WantStatus(http.StatusMethodNotAllowed).WantHeader("Allow", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS")
		})
	}
}

// A write through the API invalidates the cached list and items at once.
func TestWritesInvalidateTheCache(t *testing.T) {
	for name, d := range backends(t) {
		t.Run(name, func(t *testing.T) {
			c, _ := app(t, d)
			seed(t, c)
			c.Get("/books/").WantHeader("X-Cache", "MISS")
			c.Get("/books/").WantHeader("X-Cache", "HIT")
			c.Get("/books/1/").WantHeader("X-Cache", "MISS")
			c.Post("/books/", BookIn{Title: "New", Author: "x", Year: 2000}).WantStatus(http.StatusCreated)
			if got := titles(t, c.Get("/books/?limit=1&sort=-id")); got != "6 New next=?limit=1&skip=1&sort=-id previous=null" {
				t.Errorf("after a create: %s", got)
			}
			c.Get("/books/").WantHeader("X-Cache", "MISS")
			c.Patch("/books/1/", map[string]any{"year": 2001}).WantStatus(http.StatusOK)
			c.Get("/books/1/").WantHeader("X-Cache", "MISS").WantBody(`{"id":1,"title":"Dune","author":"Frank Herbert","year":2001,"in_print":true,"tags":null,"owner":"alice"}`)
		})
	}
}

func TestConfigErrors(t *testing.T) {
	d := backends(t)["sqlite"]
	books := db.NewTable[Book](d)
	type wrongType struct {
		Year string `json:"year"`
	}
	type notAField struct {
		Color string `json:"color"`
	}
	type notPointers struct {
		Year int `json:"year"`
	}
	for name, tc := range map[string]struct {
		cfg  crud.Config[Book]
		want string
	}{
		"a sort field":    {crud.Config[Book]{Sort: []string{"nope"}}, `Sort names "nope", which is not a field`},
		"a search field":  {crud.Config[Book]{Search: []string{"year"}}, `Search names "year", which is not a text field`},
		"a filter field":  {crud.Config[Book]{Filter: []string{"tags"}}, `Filter names "tags"`},
		"an input type":   {crud.Config[Book]{Create: wrongType{}}, "field Year is a string, which the model's int field Year cannot hold"},
		"an input field":  {crud.Config[Book]{Create: notAField{}}, "field Color is not a field of"},
		"a patch field":   {crud.Config[Book]{Patch: notPointers{}}, "a Patch field is a pointer"},
		"a handler":       {crud.Config[Book]{API: panther.API{Handler: func(*panther.Request) (any, error) { return nil, nil }}}, "the resource declares those itself"},
		"limits":          {crud.Config[Book]{DefaultLimit: 50, MaxLimit: 10}, "1 ≤ DefaultLimit ≤ MaxLimit"},
		"an output type":  {crud.Config[Book]{Output: wrongType{}}, "Output field Year is a string, which cannot hold the model's int"},
		"an output field": {crud.Config[Book]{Output: notAField{}}, "Output field Color is not a field of"},
		"an output value": {crud.Config[Book]{Output: "title"}, "Output is a string; give a struct value"},
	} {
		t.Run(name, func(t *testing.T) {
			got := func() (msg string) {
				defer func() { msg, _ = recover().(string) }()
				crud.Routes(books, tc.cfg)
				return ""
			}()
			if !strings.HasPrefix(got, "panther: crud: Book") || !strings.Contains(got, tc.want) {
				t.Errorf("panic %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// A Keyset list pages by cursor: the pages join into the whole list in
// order, whatever the sort, with ties broken by id.
func TestKeyset(t *testing.T) {
	for name, d := range backends(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := d.SQL().ExecContext(t.Context(), `DROP TABLE IF EXISTS "book"`); err != nil {
				t.Fatal(err)
			}
			books := db.NewTable[Book](d)
			if err := d.AutoMigrate(t.Context(), books); err != nil {
				t.Fatal(err)
			}
			var rows []Book
			for i := range 23 {
				rows = append(rows, Book{Title: fmt.Sprintf("t%02d", (i*7)%23), Author: []string{"a", "b", "c"}[i%3], Year: 1990 + i%4})
			}
			if err := books.InsertMany(t.Context(), rows); err != nil {
				t.Fatal(err)
			}
			a := panther.New(panther.Config{URLs: panther.URLs{"books/": crud.Routes(books, crud.Config[Book]{
				Keyset: true, Sort: []string{"year", "title", "author"}, Filter: []string{"author"},
			})}})
			c := panthertest.New(t, a)
			for _, sort := range []string{"", "year", "-year", "-year,title", "author,-id", "-id", "year,-author"} {
				var want []string
				q := db.Query{}
				for part := range strings.SplitSeq(sort, ",") {
					if part != "" {
						field, desc := strings.CutPrefix(part, "-")
						q.Sort = append(q.Sort, db.Sort{Field: field, Desc: desc})
					}
				}
				all, err := books.Find(t.Context(), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range all {
					want = append(want, b.Title)
				}
				var got []string
				next := "?limit=4"
				if sort != "" {
					next += "&sort=" + sort
				}
				for pages := 0; next != ""; pages++ {
					if pages > 10 {
						t.Fatalf("sort %q: more than 10 pages", sort)
					}
					var page crud.CursorPage[Book]
					c.Get("/books/" + next).WantStatus(http.StatusOK).JSON(&page)
					for _, b := range page.Results {
						got = append(got, b.Title)
					}
					next = ""
					if page.Next != nil {
						next = *page.Next
					}
				}
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("sort %q: pages give\n %v\nwant\n %v", sort, got, want)
				}
			}
			var page crud.CursorPage[Book]
			c.Get("/books/?limit=3&author=b").WantStatus(http.StatusOK).JSON(&page)
			if page.Next == nil || !strings.Contains(*page.Next, "author=b") {
				t.Errorf("next %v does not keep the filter", page.Next)
			}
			bad := `{"cursor":"is not a cursor of this list; use the next of the page before, with the same sort"}`
			c.Get("/books/?cursor=garbage").WantStatus(http.StatusBadRequest).WantBody(bad)
			c.Get("/books/" + *page.Next + "&sort=title").WantStatus(http.StatusBadRequest).WantBody(bad)
			c.Get("/books/?skip=2").WantStatus(http.StatusBadRequest)
		})
	}
}

// A Patch field left out leaves a nullable column as it is; sent, it
// writes it.
func TestPatchNullable(t *testing.T) {
	type Shelf struct {
		ID   int64   `db:"id" json:"id"`
		Note *string `db:"note" json:"note"`
		Size int     `db:"size" json:"size"`
	}
	type ShelfIn struct {
		Note *string `json:"note"`
		Size int     `json:"size"`
	}
	type ShelfPatch struct {
		Note *string `json:"note"`
		Size *int    `json:"size"`
	}
	d := backends(t)["sqlite"]
	shelves := db.NewTable[Shelf](d)
	if err := d.AutoMigrate(t.Context(), shelves); err != nil {
		t.Fatal(err)
	}
	a := panther.New(panther.Config{URLs: panther.URLs{"shelves/": crud.Routes(shelves, crud.Config[Shelf]{Create: ShelfIn{}, Patch: ShelfPatch{}})}})
	c := panthertest.New(t, a)
	c.Post("/shelves/", map[string]any{"note": "top", "size": 3}).WantStatus(http.StatusCreated).WantBody(`{"id":1,"note":"top","size":3}`)
	c.Patch("/shelves/1/", map[string]any{"size": 4}).WantStatus(http.StatusOK).WantBody(`{"id":1,"note":"top","size":4}`)
	c.Patch("/shelves/1/", map[string]any{"note": "bottom"}).WantStatus(http.StatusOK).WantBody(`{"id":1,"note":"bottom","size":4}`)
}

// BookOut is what TestOutput's answers show of a Book: not its owner.
type BookOut struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year"`
}

// With Output, every answer shows rows through it — lists of both kinds,
// retrieve, create, replace and patch — and the document says so.
func TestOutput(t *testing.T) {
	d := backends(t)["sqlite"]
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(t.Context(), books); err != nil {
		t.Fatal(err)
	}
	cfg := crud.Config[Book]{Create: BookIn{}, Replace: BookIn{}, Patch: BookPatch{}, Output: BookOut{}, Sort: []string{"title"},
		BeforeCreate: func(r *panther.Request, b *Book) error { b.Owner = "secret"; return nil }}
	keyset := cfg
	keyset.Keyset = true
	a := panther.New(panther.Config{URLs: panther.URLs{
		"books/":  crud.Routes(books, cfg),
		"cursor/": crud.Routes(books, keyset),
	}})
	c := panthertest.New(t, a)
	c.Post("/books/", BookIn{Title: "Dune", Author: "Frank Herbert", Year: 1965}).WantStatus(http.StatusCreated).
		WantBody(`{"id":1,"title":"Dune","year":1965}`)
	c.Post("/books/", BookIn{Title: "Emma", Author: "Jane Austen", Year: 1815}).WantStatus(http.StatusCreated)
	c.Get("/books/1/").WantStatus(http.StatusOK).WantBody(`{"id":1,"title":"Dune","year":1965}`)
	c.Put("/books/1/", BookIn{Title: "Dune", Author: "F. Herbert", Year: 1966}).WantStatus(http.StatusOK).
		WantBody(`{"id":1,"title":"Dune","year":1966}`)
	c.Patch("/books/1/", map[string]any{"year": 1965}).WantStatus(http.StatusOK).WantBody(`{"id":1,"title":"Dune","year":1965}`)
	c.Get("/books/?sort=title&limit=1").WantStatus(http.StatusOK).
		WantBody(`{"count":2,"next":"?limit=1&skip=1&sort=title","previous":null,"results":[{"id":1,"title":"Dune","year":1965}]}`)
	c.Get("/cursor/?sort=-title").WantStatus(http.StatusOK).
		WantBody(`{"next":null,"results":[{"id":2,"title":"Emma","year":1815},{"id":1,"title":"Dune","year":1965}]}`)
	if row, err := books.Get(t.Context(), 1); err != nil || row.Owner != "secret" || row.Author != "F. Herbert" {
		t.Errorf("the row behind the answers = %+v, %v; want its owner and author kept", row, err)
	}

	doc, err := openapi.Build(a, openapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(js); strings.Contains(s, `"owner"`) || !strings.Contains(s, `"BookOut"`) {
		t.Errorf("the document should describe BookOut and never the owner:\n%s", s)
	}
}
