package crud_test

import (
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store/redis"
)

// Two instances sharing one Redis and one database: a write through
// either drops the cached list on both at once.
func TestInvalidationAcrossInstances(t *testing.T) {
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS is not set")
	}
	d := backends(t)["sqlite"]
	if _, err := d.SQL().ExecContext(t.Context(), `DROP TABLE IF EXISTS "book"`); err != nil {
		t.Fatal(err)
	}
	books := db.NewTable[Book](d)
	if err := d.AutoMigrate(t.Context(), books); err != nil {
		t.Fatal(err)
	}
	prefix := "crudtest-" + time.Now().Format("150405.000000000") + ":" // nothing of an earlier run
	instance := func() *panthertest.Client {
		st, err := redis.Open(url, redis.Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		app := panther.New(panther.Config{Store: st, Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
			"books/": crud.Routes(books, crud.Config[Book]{API: panther.API{Cache: time.Minute}, Create: BookIn{}, Patch: BookPatch{}}),
		}})
		return panthertest.New(t, app)
	}
	a, b := instance(), instance()
	a.Post("/books/", BookIn{Title: "Dune", Author: "x", Year: 1965}).WantStatus(http.StatusCreated)
	var page crud.Page[Book]
	b.Get("/books/").WantHeader("X-Cache", "MISS").JSON(&page)
	a.Get("/books/").WantHeader("X-Cache", "HIT") // the entry b made, in the shared store
	a.Post("/books/", BookIn{Title: "Emma", Author: "y", Year: 1815}).WantStatus(http.StatusCreated)
	b.Get("/books/").WantHeader("X-Cache", "MISS").JSON(&page)
	if page.Count != 2 {
		t.Errorf("instance b lists %d books after a's write, want 2", page.Count)
	}
	b.Patch("/books/1/", map[string]any{"year": 1966}).WantStatus(http.StatusOK)
	var got Book
	a.Get("/books/1/").WantHeader("X-Cache", "MISS").JSON(&got)
	if got.Year != 1966 {
		t.Errorf("instance a reads year %d after b's patch, want 1966", got.Year)
	}
}
