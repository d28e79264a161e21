package panther_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

// show sends one request to app and prints the answer on one line.
func show(app http.Handler, method, target, body string) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)
	fmt.Println(strings.TrimSpace(fmt.Sprintln(method, target, w.Code, strings.TrimSpace(w.Body.String()))))
}

type Book struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year"`
}

// BookQuery is three typed query parameters.
type BookQuery struct {
	Limit  int    `query:"limit" default:"20" validate:"min=1,max=100"`
	Search string `query:"search" validate:"omitempty,min=2"`
	Desc   bool   `query:"desc"`
}

// BookIn is a body, every field required.
type BookIn struct {
	Title string `json:"title" validate:"required,max=200"`
	Year  int    `json:"year" validate:"required,min=1450,max=2100"`
}

// BookID is the route's <id>.
type BookID struct {
	ID int64 `path:"id" validate:"min=1"`
}

// BookReplace is the path parameter and the body together.
type BookReplace struct {
	BookID
	BookIn
}

// Typed builds each Operation from a function that takes its input and
// returns its output; the input's path and query fields are typed
// parameters, its other fields the body.
func ExampleTyped() {
	books := []Book{{1, "Dune", 1965}, {2, "Emma", 1815}}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"books/": panther.API{
			Get: panther.Typed(func(r *panther.Request, q BookQuery) ([]Book, error) {
				return books[:min(q.Limit, len(books))], nil
			}),
			Post: panther.Typed(func(r *panther.Request, in BookIn) (Book, error) {
				return Book{ID: 3, Title: in.Title, Year: in.Year}, nil
			}).WithStatus(http.StatusCreated),
		},
		"books/<id>/": panther.API{
			Put: panther.Typed(func(r *panther.Request, in BookReplace) (Book, error) {
				return Book{ID: in.ID, Title: in.Title, Year: in.Year}, nil
			}),
			Delete: panther.Typed(func(r *panther.Request, in BookID) (struct{}, error) {
				return struct{}{}, nil
			}).WithStatus(http.StatusNoContent),
		},
	}})
	show(app, "GET", "/books/?limit=1", "")
	show(app, "GET", "/books/?limit=0&search=a", "")
	show(app, "GET", "/books/?limit=ten", "")
	show(app, "POST", "/books/", `{"title":"Ubik","year":1969}`)
	show(app, "POST", "/books/", `{"title":"Ubik"}`)
	show(app, "PUT", "/books/2/", `{"title":"Emma.","year":1816}`)
	show(app, "PUT", "/books/zero/", `{"title":"Emma.","year":1816}`)
	show(app, "DELETE", "/books/2/", "")
	// Output:
	// GET /books/?limit=1 200 [{"id":1,"title":"Dune","year":1965}]
	// GET /books/?limit=0&search=a 400 {"limit":"must be at least 1","search":"must be at least 2 characters"}
	// GET /books/?limit=ten 400 {"limit":"must be an integer"}
	// POST /books/ 201 {"id":3,"title":"Ubik","year":1969}
	// POST /books/ 400 {"year":"is required"}
	// PUT /books/2/ 200 {"id":2,"title":"Emma.","year":1816}
	// PUT /books/zero/ 400 {"id":"must be an integer"}
	// DELETE /books/2/ 204
}

// An Operation declares one method's handler, input, output and status
// for an untyped handler; Input[T] reads the input.
func ExampleOperation() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"books/": panther.API{
			Output: Book{}, // the API's default; each Operation may replace it
			Post: panther.Operation{
				Input:  BookIn{},
				Status: http.StatusCreated,
				Handler: func(r *panther.Request) (any, error) {
					in := panther.Input[BookIn](r)
					// Shaped through Output: the extra field is dropped.
					return map[string]any{"id": 9, "title": in.Title, "year": in.Year, "secret": "x"}, nil
				},
			},
		},
	}})
	show(app, "POST", "/books/", `{"title":"Ubik","year":1969}`)
	for _, ri := range app.Routes() {
		for _, op := range ri.Operations {
			fmt.Println(ri.Path, op.Method, op.Status, op.Input, op.Output)
		}
	}
	// Output:
	// POST /books/ 201 {"id":9,"title":"Ubik","year":1969}
	// /books/ POST 201 panther_test.BookIn panther_test.Book
}

// Input reads the typed parameters of any method, headers included.
func ExampleInput() {
	type tenantQuery struct {
		Tenant string   `header:"X-Tenant" validate:"required"`
		Tags   []string `query:"tag" validate:"max=2"`
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"search/": panther.API{Methods: []string{http.MethodGet}, Input: tenantQuery{}, Handler: func(r *panther.Request) (any, error) {
			q := panther.Input[tenantQuery](r)
			return fmt.Sprintf("%s %v", q.Tenant, q.Tags), nil
		}},
	}})
	req := httptest.NewRequest("GET", "/search/?tag=a&tag=b", nil)
	req.Header.Set("X-Tenant", "acme")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Body)
	show(app, "GET", "/search/?tag=a&tag=b&tag=c", "")
	// Output:
	// 200 "acme [a b]"
	// GET /search/?tag=a&tag=b&tag=c 400 {"X-Tenant":"is required","tag":"must have at most 2 items"}
}

// LoggerFrom gives code that sees only a context the app's logger with
// the request's ID, client IP, route and user.
func ExampleLoggerFrom() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	save := func(ctx context.Context) { panther.LoggerFrom(ctx).Info("saved") } // a data layer, say
	app := panther.New(panther.Config{
		Logger:      logger,
		Middlewares: []panther.Middleware{middleware.RequestID},
		URLs: panther.URLs{"notes/<id>/": panther.API{Handler: func(r *panther.Request) (any, error) {
			save(r.Context())
			return nil, nil
		}}},
	})
	req := httptest.NewRequest("PUT", "/notes/7/", nil)
	req.Header.Set("X-Request-ID", "req-42")
	app.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// level=INFO msg=saved request_id=req-42 client_ip=192.0.2.1 route=notes/<id>/
}
