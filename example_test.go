package panther_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/panther-go/panther"
)

// The request flow, step by step: global middlewares, routing, the API's
// own middlewares, the method check, permissions, then the endpoint; on the
// way out the middlewares unwind in reverse.
func Example_pipelineOrder() {
	step := func(name string) panther.Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Println("enter", name)
				next.ServeHTTP(w, r)
				fmt.Println("leave", name)
			})
		}
	}
	permission := func(name string) panther.Permission {
		return panther.PermissionFunc(func(r *panther.Request) (bool, error) {
			fmt.Println("permission", name)
			return true, nil
		})
	}
	app := panther.New(panther.Config{
		Middlewares: []panther.Middleware{step("global 1"), step("global 2")},
		URLs: panther.URLs{
			"hello/<name>/": panther.API{
				Methods:     []string{http.MethodGet},
				Middlewares: []panther.Middleware{step("api 1"), step("api 2")},
				Permissions: []panther.Permission{permission("1"), permission("2")},
				Handler: func(r *panther.Request) (any, error) {
					fmt.Println("endpoint", r.PathVar("name"))
					return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
				},
			},
		},
	})

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hello/ali", nil))
	fmt.Println(w.Code, w.Body)

	w = httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/hello/ali", nil))
	fmt.Println(w.Code, w.Header().Get("Allow"), w.Body)
	// Output:
	// enter global 1
	// enter global 2
	// enter api 1
	// enter api 2
	// permission 1
	// permission 2
	// endpoint ali
	// leave api 2
	// leave api 1
	// leave global 2
	// leave global 1
	// 200 {"message":"Hello, ali!"}
	// enter global 1
	// enter global 2
	// enter api 1
	// enter api 2
	// leave api 2
	// leave api 1
	// leave global 2
	// leave global 1
	// 405 GET, HEAD, OPTIONS {"detail":"Method Not Allowed"}
}

// A struct-style API: the methods its type implements are the verbs it
// answers.
type article struct {
	panther.API
	titles map[int]string
}

func (a *article) Get(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	title, ok := a.titles[id]
	if !ok {
		return nil, panther.NewError(http.StatusNotFound, "")
	}
	return map[string]any{"id": id, "title": title}, nil
}

func (a *article) Delete(r *panther.Request) (any, error) {
	return panther.Response{Status: http.StatusNoContent}, nil
}

func ExampleAPI_structStyle() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"articles/<id>/": &article{titles: map[int]string{1: "Routing"}},
	}})
	for _, req := range []struct{ method, path string }{
		{"GET", "/articles/1/"},
		{"GET", "/articles/2/"},
		{"GET", "/articles/one/"},
		{"DELETE", "/articles/1/"},
		{"PUT", "/articles/1/"},
	} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest(req.method, req.path, nil))
		fmt.Println(strings.TrimSpace(fmt.Sprintln(req.method, req.path, w.Code, w.Body)))
	}
	// Output:
	// GET /articles/1/ 200 {"id":1,"title":"Routing"}
	// GET /articles/2/ 404 {"detail":"Not Found"}
	// GET /articles/one/ 400 {"detail":"Path variable `one` is not `int`"}
	// DELETE /articles/1/ 204
	// PUT /articles/1/ 405 {"detail":"Method Not Allowed"}
}

func ExampleURLs() {
	ok := panther.API{Handler: func(r *panther.Request) (any, error) { return r.Route(), nil }}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"":          ok,
		"users/":    ok,
		"users/me/": ok,
		"users/<id>/": panther.URLs{
			"":        ok,
			"orders/": ok,
		},
	}})
	for _, path := range []string{"/", "/users", "//users/me//", "/users/7/", "/users/7/orders", "/users/7/x"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, w.Code, w.Body)
	}
	// Output:
	// / 200 "/"
	// /users 200 "users/"
	// //users/me// 200 "users/me/"
	// /users/7/ 200 "users/<id>/"
	// /users/7/orders 200 "users/<id>/orders/"
	// /users/7/x 404 {"detail":"Not Found"}
}

func ExamplePermissionFunc() {
	editorsOnly := panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		return r.Header.Get("X-Role") == "editor", nil
	})
	app := panther.New(panther.Config{URLs: panther.URLs{
		"drafts/": panther.API{
			Permissions: []panther.Permission{editorsOnly},
			Handler:     func(*panther.Request) (any, error) { return []string{"draft 1"}, nil },
		},
	}})
	for _, role := range []string{"editor", "reader"} {
		req := httptest.NewRequest(http.MethodGet, "/drafts/", nil)
		req.Header.Set("X-Role", role)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		fmt.Println(role, w.Code, w.Body)
	}
	// Output:
	// editor 200 ["draft 1"]
	// reader 403 {"detail":"Permission Denied"}
}
