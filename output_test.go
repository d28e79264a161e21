package panther_test

import (
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

type user struct {
	ID           int    `json:"id"`
	Username     string `json:"username"`
	PasswordHash string `json:"password_hash"`
}

type userOut struct {
	ID       int    `json:"id"`
	Username string `json:"username"`
}

func TestOutput(t *testing.T) {
	alice := user{1, "alice", "$argon2id$secret"}
	routes := map[string]any{
		"struct":         alice,
		"pointer":        &alice,
		"map":            map[string]any{"id": 2, "username": "bob", "password_hash": "x", "extra": true},
		"list":           []user{alice, {2, "bob", "y"}},
		"list-of-maps":   []map[string]any{{"id": 3, "password_hash": "z"}},
		"empty-list":     []user{},
		"response":       panther.Response{Status: http.StatusCreated, Data: alice},
		"response-ptr":   &panther.Response{Status: http.StatusAccepted, Data: []user{alice}},
		"already-shaped": userOut{4, "dan"},
		"nil":            nil,
		"html":           panther.HTML("<p>password_hash</p>"),
		"string":         "not an object",
	}
	urls := panther.URLs{}
	for name, data := range routes {
		urls[name] = panther.API{Output: userOut{}, Handler: func(*panther.Request) (any, error) { return data, nil }}
	}
	c := panthertest.New(t, panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: urls}))
	tests := []struct {
		route  string
		status int
		body   string
	}{
		{"struct", 200, `{"id":1,"username":"alice"}`},
		{"pointer", 200, `{"id":1,"username":"alice"}`},
		{"map", 200, `{"id":2,"username":"bob"}`},
		{"list", 200, `[{"id":1,"username":"alice"},{"id":2,"username":"bob"}]`},
		{"list-of-maps", 200, `[{"id":3,"username":""}]`},
		{"empty-list", 200, `[]`},
		{"response", 201, `{"id":1,"username":"alice"}`},
		{"response-ptr", 202, `[{"id":1,"username":"alice"}]`},
		{"already-shaped", 200, `{"id":4,"username":"dan"}`},
		{"nil", 200, ``},
		{"html", 200, `<p>password_hash</p>`},
		{"string", 500, `{"detail":"Internal Server Error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			c.Get("/" + tt.route).WantStatus(tt.status).WantBody(tt.body)
		})
	}
}

func TestDocsErrors(t *testing.T) {
	for name, api := range map[string]panther.API{
		"a success as error":     {Methods: []string{"GET"}, Docs: panther.Docs{Errors: []int{200}}, Handler: methodName},
		"an operation's success": {Get: panther.Operation{Handler: methodName, Docs: panther.Docs{Errors: []int{302}}}},
		"one method hidden":      {Get: panther.Operation{Handler: methodName, Docs: panther.Docs{Hidden: true}}},
	} {
		t.Run(name, func(t *testing.T) {
			got := panicMessage(func() {
				panther.New(panther.Config{URLs: panther.URLs{"x": api}})
			})
			if !strings.HasPrefix(got, `panther: route "x/": `) {
				t.Errorf("panic %q", got)
			}
		})
	}
}

// panther.Empty declares an answer with no body: a handler's nil, or a
// Typed handler's Empty{}, goes out as the status alone.
func TestEmptyOutput(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"untyped/": panther.API{Methods: []string{http.MethodPost}, Output: panther.Empty{}, Handler: func(*panther.Request) (any, error) { return nil, nil }},
		"typed/":   panther.API{Post: panther.Typed(func(*panther.Request, struct{}) (panther.Empty, error) { return panther.Empty{}, nil }).WithStatus(http.StatusAccepted)},
		"gone/":    panther.API{Delete: panther.Operation{Output: panther.Empty{}, Status: http.StatusNoContent, Handler: func(*panther.Request) (any, error) { return nil, nil }}},
	}})
	c := panthertest.New(t, app)
	c.Post("/untyped/", nil).WantStatus(http.StatusOK).WantBody("")
	c.Post("/typed/", nil).WantStatus(http.StatusAccepted).WantBody("")
	c.Delete("/gone/").WantStatus(http.StatusNoContent).WantBody("")
	for _, ri := range app.Routes() {
		for _, oi := range ri.Operations {
			if oi.Output != reflect.TypeFor[panther.Empty]() {
				t.Errorf("%s %s: Output %v, want panther.Empty", oi.Method, ri.Path, oi.Output)
			}
		}
	}
}

// An Output of panther.Media must be a content type.
func TestMediaOutputChecked(t *testing.T) {
	app := panther.New(panther.Config{})
	defer app.Close()
	msg := panicMessage(func() {
		app.Handle("bad/", panther.API{Methods: []string{http.MethodGet}, Output: panther.Media("not a type"), Handler: func(*panther.Request) (any, error) { return nil, nil }})
	})
	if !strings.Contains(msg, `Output is panther.Media("not a type"), which is not a content type`) {
		t.Errorf("panic %q", msg)
	}
}
