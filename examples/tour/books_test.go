package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/panther-go/panther/panthertest"
)

// The books routes, as TOUR.md specifies them.
func TestBooks(t *testing.T) {
	c := client(t)
	admin := c.WithToken(loginPair(t, c, "admin", "admin-pass").Access)
	alice := c.WithToken(loginPair(t, c, "alice", "alice-pass").Access)
	dune := map[string]any{"title": "Dune", "author": "Frank Herbert", "year": 1965, "tags": []string{"sf"}}

	want401(t, c.Post("/books/", dune))
	alice.Post("/books/", dune).WantStatus(http.StatusForbidden).WantBody(`{"detail":"Permission Denied"}`)
	var created Book
	admin.Post("/books/", dune).WantStatus(http.StatusCreated).JSON(&created)
	if created.ID == 0 || created.Title != "Dune" || created.CreatedAt.IsZero() {
		t.Errorf("created %+v", created)
	}
	admin.Post("/books/", dune).WantStatus(http.StatusConflict).WantBody(`{"detail":"Book with this title and author already exists"}`)
	admin.Post("/books/", map[string]any{"title": "Dune", "author": "Someone Else", "year": 2021}).WantStatus(http.StatusCreated)
	admin.Post("/books/", map[string]any{"title": "Emma", "author": "Jane Austen", "year": 1815}).WantStatus(http.StatusCreated)
	admin.Post("/books/", map[string]any{"title": "Ubik", "author": "Philip K. Dick", "year": 1969}).WantStatus(http.StatusCreated)
	admin.Post("/books/", map[string]any{"title": "x", "year": 1200}).WantStatus(http.StatusBadRequest).
		WantBody(`{"author":"is required","year":"must be at least 1450"}`)

	var page struct {
		Count    int     `json:"count"`
		Next     *string `json:"next"`
		Previous *string `json:"previous"`
		Results  []Book  `json:"results"`
	}
	c.Get("/books/?limit=2&skip=2&sort=-year").WantStatus(http.StatusOK).JSON(&page)
	if page.Count != 4 || len(page.Results) != 2 || page.Results[0].Title != "Dune" || page.Next != nil || page.Previous == nil || *page.Previous != "?limit=2&sort=-year" {
		t.Errorf("page: %+v next %v previous %v", page, page.Next, page.Previous)
	}
	for query, want := range map[string]int{
		"?search=herb": 1, "?search=DUNE": 2, "?author=Jane%20Austen": 1, "?year=1969": 1,
		"?year__gte=1960&year__lte=1970": 2, "?sort=title,-year&limit=1": 1,
	} {
		page.Results = nil
		c.Get("/books/" + query).WantStatus(http.StatusOK).JSON(&page)
		if len(page.Results) != want {
			t.Errorf("GET /books/%s: %d results, want %d", query, len(page.Results), want)
		}
	}
	for _, bad := range []string{"?limit=abc", "?limit=0", "?limit=101", "?skip=-1", "?sort=owner", "?year=abc", "?color=red"} {
		c.Get("/books/" + bad).WantStatus(http.StatusBadRequest)
	}

	path := "/books/" + itoa(created.ID) + "/"
	c.Get(path).WantStatus(http.StatusOK)
	c.Get("/books/999/").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Book Does Not Exist"}`)
	c.Get("/books/abc/").WantStatus(http.StatusBadRequest)
	// Every write is visible at once, though GET is cached for a minute.
	c.Get(path).WantHeader("X-Cache", "HIT")
	for _, who := range []*panthertest.Client{c, alice} {
		who.Put(path, dune).WantStatus(map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == c])
		who.Patch(path, map[string]any{"year": 1966}).WantStatus(map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == c])
		who.Delete(path).WantStatus(map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == c])
	}
	admin.Patch(path, map[string]any{"year": 1966}).WantStatus(http.StatusOK)
	var got Book
	c.Get(path).WantHeader("X-Cache", "MISS").JSON(&got)
	if got.Year != 1966 || got.Author != "Frank Herbert" || len(got.Tags) != 1 {
		t.Errorf("after PATCH: %+v; fields not sent must keep their values", got)
	}
	admin.Put(path, map[string]any{"title": "Dune", "author": "Frank Herbert", "year": 1965}).WantStatus(http.StatusOK).JSON(&got)
	if got.Year != 1965 || len(got.Tags) != 0 {
		t.Errorf("after PUT: %+v", got)
	}
	admin.Put(path, map[string]any{"title": "Emma", "author": "Jane Austen", "year": 1815}).WantStatus(http.StatusConflict)
	admin.Delete(path).WantStatus(http.StatusNoContent).WantBody(``)
	c.Get(path).WantStatus(http.StatusNotFound)
	c.Get("/books/").WantStatus(http.StatusOK).JSON(&page)
	if page.Count != 3 {
		t.Errorf("after DELETE the list has %d books, want 3", page.Count)
	}
	if body, _ := json.Marshal(page.Results[0]); len(body) == 0 {
		t.Error("no body")
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Racing creators of one book: the database's unique group lets exactly
// one in, and the others are 409, as is a PUT onto another book's title
// and author.
func TestBookDuplicatesRace(t *testing.T) {
	c := client(t)
	admin := c.WithToken(loginPair(t, c, "admin", "admin-pass").Access)
	book := map[string]any{"title": "Solaris", "author": "Stanisław Lem", "year": 1961}
	statuses := make(chan int, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { statuses <- admin.Post("/books/", book).Status })
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[http.StatusCreated] != 1 || got[http.StatusConflict] != 19 {
		t.Errorf("20 racing creators: %v, want one 201 and nineteen 409", got)
	}
	var other Book
	admin.Post("/books/", map[string]any{"title": "Solaris", "author": "Someone", "year": 1999}).WantStatus(http.StatusCreated).JSON(&other)
	admin.Patch(fmt.Sprintf("/books/%d/", other.ID), map[string]any{"author": "Stanisław Lem"}).
		WantStatus(http.StatusConflict).WantBody(`{"detail":"Book with this title and author already exists"}`)
}
