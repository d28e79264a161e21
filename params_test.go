package panther_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// allParams has a parameter of every kind a parameter can be.
type allParams struct {
	ID      int64         `path:"id"`
	S       string        `query:"s"`
	I       int           `query:"i"`
	I8      int8          `query:"i8"`
	U       uint          `query:"u"`
	F       float64       `query:"f"`
	B       bool          `query:"b"`
	T       time.Time     `query:"t"`
	D       time.Duration `query:"d"`
	IP      netip.Addr    `query:"ip"`
	P       *int          `query:"p"`
	Tags    []string      `query:"tag"`
	Nums    []int         `query:"n"`
	Def     int           `query:"def" default:"7"`
	Tenant  string        `header:"X-Tenant"`
	Accepts []string      `header:"Accept-Language"`
	Theme   string        `cookie:"theme"`
}

// echoParams answers the Input it was given, as JSON.
func echoParams[T any](r *panther.Request, in T) (T, error) { return in, nil }

func TestParamConversions(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"things/<id>/": panther.API{Get: panther.Typed(echoParams[allParams])},
	}})
	c := panthertest.New(t, app)
	res := c.WithHeader("X-Tenant", "acme").WithHeader("Accept-Language", "fr").WithHeader("Cookie", "theme=dark").
		Get("/things/42/?s=a+b%21&i=-3&i8=127&u=9&f=2.5&b=true&t=2026-01-02T03:04:05Z&d=1m30s&ip=10.0.0.1&p=5&tag=x&tag=y&n=1&n=2&%69=4")
	res.WantStatus(200)
	var got allParams
	if err := json.Unmarshal(res.Body, &got); err != nil {
		t.Fatal(err)
	}
	five := 5
	want := allParams{ID: 42, S: "a b!", I: 4, I8: 127, U: 9, F: 2.5, B: true, T: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		D: 90 * time.Second, IP: netip.MustParseAddr("10.0.0.1"), P: &five, Tags: []string{"x", "y"}, Nums: []int{1, 2}, Def: 7,
		Tenant: "acme", Accepts: []string{"fr"}, Theme: "dark"}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("bound\n %s\nwant\n %s", gotJSON, wantJSON)
	}

	// Absent: the default, else the zero value, and a nil pointer.
	c.Get("/things/1/").WantStatus(200).WantBody(`{"ID":1,"S":"","I":0,"I8":0,"U":0,"F":0,"B":false,"T":"0001-01-01T00:00:00Z","D":0,"IP":"","P":null,"Tags":null,"Nums":null,"Def":7,"Tenant":"","Accepts":null,"Theme":""}`)
	// Blank is absent; the last value wins.
	res = c.Get("/things/1/?def=&i=1&i=2")
	if err := json.Unmarshal(res.Body, &got); err != nil || got.Def != 7 || got.I != 2 {
		t.Errorf("blank def / repeated i: %s", res.Body)
	}

	for query, want := range map[string]string{
		"i=x":          `{"i":"must be an integer"}`,
		"i8=128":       `{"i8":"must be an integer"}`,
		"u=-1":         `{"u":"must be a whole number of 0 or more"}`,
		"f=abc":        `{"f":"must be a number"}`,
		"b=maybe":      `{"b":"must be a boolean"}`,
		"t=yesterday":  `{"t":"must be a date and time in RFC 3339 format"}`,
		"d=5":          `{"d":"must be a duration such as 90s or 1h30m"}`,
		"ip=10.0.0.x":  `{"ip":"must be a valid Addr"}`,
		"p=x":          `{"p":"must be an integer"}`,
		"n=1&n=two":    `{"n":"must be an integer"}`,
		"s=%zz":        `{"s":"is not a valid query value (bad %-escape)"}`,
		"i=x&f=y":      `{"f":"must be a number","i":"must be an integer"}`,
		"tag=%zz&i=1":  `{"tag":"is not a valid query value (bad %-escape)"}`,
		"i=1&i=oops&x": `{"i":"must be an integer"}`,
	} {
		c.Get("/things/1/?" + query).WantStatus(400).WantBody(want)
	}
	c.Get("/things/abc/").WantStatus(400).WantBody(`{"id":"must be an integer"}`)
}

// pageIn mixes parameters with body fields and rules on both.
type pageIn struct {
	Board  string `path:"board" validate:"min=3"`
	Page   int    `query:"page" default:"1" validate:"min=1"`
	Size   int    `query:"size" default:"20" validate:"min=1,max=100"`
	Tenant string `header:"X-Tenant" validate:"required"`
	Title  string `json:"title" validate:"required"`
}

type listIn struct {
	Page   int    `query:"page" default:"1" validate:"min=1"`
	Size   int    `query:"size" default:"20" validate:"min=1,max=100"`
	Tenant string `header:"X-Tenant" validate:"required"`
	Search string `query:"q" validate:"omitempty,min=2"`
}

func TestParamRules(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"boards/<board>/": panther.API{
			Get:  panther.Typed(echoParams[listIn]),
			Post: panther.Typed(echoParams[pageIn]),
		},
	}})
	c := panthertest.New(t, app)
	tenant := c.WithHeader("X-Tenant", "acme")
	tenant.Get("/boards/abc/?size=5").WantStatus(200).WantBody(`{"Page":1,"Size":5,"Tenant":"acme","Search":""}`)
	for query, want := range map[string]string{
		"page=0":         `{"page":"must be at least 1"}`,
		"size=101&q=a":   `{"q":"must be at least 2 characters","size":"must be at most 100"}`,
		"page=-1&size=0": `{"page":"must be at least 1","size":"must be at least 1"}`,
	} {
		tenant.Get("/boards/abc/?" + query).WantStatus(400).WantBody(want)
	}
	c.Get("/boards/abc/").WantStatus(400).WantBody(`{"X-Tenant":"is required"}`)

	// With a body, the validator checks the whole struct: the same keys.
	tenant.Post("/boards/abc/?page=2", map[string]any{"title": "t"}).WantStatus(200).
		WantBody(`{"Board":"abc","Page":2,"Size":20,"Tenant":"acme","title":"t"}`)
	c.Post("/boards/ab/?page=0", map[string]any{}).WantStatus(400).
		WantBody(`{"X-Tenant":"is required","board":"must be at least 3 characters","page":"must be at least 1","title":"is required"}`)
	// The body cannot set a parameter, whatever it names.
	tenant.Post("/boards/abc/", map[string]any{"title": "t", "Page": 9, "page": 9, "Tenant": "evil", "Board": "x"}).WantStatus(200).
		WantBody(`{"Board":"abc","Page":1,"Size":20,"Tenant":"acme","title":"t"}`)
}

// A parameter-only Input applies to every method of Handler; one with a
// body applies to POST, PUT and PATCH alone.
func TestSharedInputs(t *testing.T) {
	type idIn struct {
		ID int `path:"id" validate:"min=1"`
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"a/<id>/": panther.API{Input: idIn{}, Handler: func(r *panther.Request) (any, error) {
			return panther.Input[idIn](r).ID, nil
		}},
		"b/<board>/": panther.API{Input: pageIn{}, Methods: []string{"GET", "POST"}, Handler: func(r *panther.Request) (any, error) {
			return panther.Input[pageIn](r).Title, nil
		}},
	}})
	c := panthertest.New(t, app)
	for _, m := range []string{"GET", "DELETE", "PUT"} {
		res := c.Do(httptest.NewRequest(m, "/a/5/", strings.NewReader("{}")))
		res.WantStatus(200).WantBody(`5`)
	}
	c.Delete("/a/0/").WantStatus(400).WantBody(`{"id":"must be at least 1"}`)
	c.Get("/b/x/").WantStatus(200).WantBody(`""`) // GET takes nothing from pageIn
}

func TestParamRegistrationErrors(t *testing.T) {
	type noVar struct {
		ID int `path:"nope"`
	}
	type badType struct {
		M map[string]string `query:"m"`
	}
	type badDefault struct {
		N int `query:"n" default:"many"`
	}
	type pathDefault struct {
		ID string `path:"id" default:"x"`
	}
	type twice struct {
		A string `header:"x-a"`
		B string `header:"X-A"`
	}
	type noName struct {
		A string `query:""`
	}
	get := func(in any) panther.API {
		return panther.API{Get: panther.Operation{Input: in, Handler: methodName}}
	}
	for name, tc := range map[string]struct {
		api  panther.API
		want string
	}{
		"unknown path variable": {get(noVar{}), "reads path variable <nope>, which the route does not have (its variables: <id>)"},
		"unconvertible type":    {get(badType{}), "a query parameter cannot be a map[string]string"},
		"bad default":           {get(badDefault{}), `default "many" must be an integer`},
		"default on a path":     {get(pathDefault{}), "a path parameter is always present, so it has no default"},
		"declared twice":        {get(twice{}), `header parameter "X-A" is declared twice`},
		"no name":               {get(noName{}), "the query tag has no name"},
		"body on GET":           {get(NoteIn{}), "has body fields (Title), but GET requests carry no body"},
		"interface input":       {panther.API{Get: panther.Typed(func(*panther.Request, any) (any, error) { return nil, nil })}, "is the interface type interface {}"},
	} {
		t.Run(name, func(t *testing.T) {
			got := panicMessage(func() { panther.New(panther.Config{URLs: panther.URLs{"x/<id>/": tc.api}}) })
			if !strings.HasPrefix(got, `panther: route "x/<id>/": `) || !strings.Contains(got, tc.want) {
				t.Errorf("panic %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

// Each method declares its own input, output and status.
func TestOperations(t *testing.T) {
	type bookIn struct {
		Title string `json:"title" validate:"required"`
		Year  int    `json:"year" validate:"required,min=1450"`
	}
	type bookPatch struct {
		Title *string `json:"title" validate:"omitempty,min=1"`
		Year  *int    `json:"year" validate:"omitempty,min=1450"`
	}
	type book struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		Year  int    `json:"year"`
	}
	type bookID struct {
		ID int64 `path:"id" validate:"min=1"`
	}
	type replace struct {
		bookID
		bookIn
	}
	type patch struct {
		bookID
		bookPatch
	}
	stored := book{ID: 1, Title: "Go", Year: 2015}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"books/": panther.API{
			Post: panther.Typed(func(r *panther.Request, in bookIn) (book, error) {
				return book{ID: 2, Title: in.Title, Year: in.Year}, nil
			}).WithStatus(http.StatusCreated),
		},
		"books/<id>/": panther.API{
			Get: panther.Typed(func(r *panther.Request, in bookID) (book, error) {
				if in.ID != stored.ID {
					return book{}, panther.NewError(http.StatusNotFound, "Book Does Not Exist")
				}
				return stored, nil
			}),
			Put: panther.Typed(func(r *panther.Request, in replace) (book, error) {
				return book{ID: in.ID, Title: in.Title, Year: in.Year}, nil
			}),
			Patch: panther.Typed(func(r *panther.Request, in patch) (book, error) {
				b := stored
				if in.Title != nil {
					b.Title = *in.Title
				}
				if in.Year != nil {
					b.Year = *in.Year
				}
				return b, nil
			}),
			Delete: panther.Typed(func(r *panther.Request, in bookID) (struct{}, error) { return struct{}{}, nil }).WithStatus(http.StatusNoContent),
		},
	}})
	c := panthertest.New(t, app)
	c.Post("/books/", map[string]any{"title": "Dune", "year": 1965}).WantStatus(201).WantBody(`{"id":2,"title":"Dune","year":1965}`)
	c.Post("/books/", map[string]any{"title": "Dune"}).WantStatus(400).WantBody(`{"year":"is required"}`)
	c.Get("/books/1/").WantStatus(200).WantBody(`{"id":1,"title":"Go","year":2015}`)
	c.Get("/books/9/").WantStatus(404).WantBody(`{"detail":"Book Does Not Exist"}`)
	c.Get("/books/0/").WantStatus(400).WantBody(`{"id":"must be at least 1"}`)
	c.Put("/books/1/", map[string]any{"title": "Go 2"}).WantStatus(400).WantBody(`{"year":"is required"}`)
	c.Put("/books/1/", map[string]any{"title": "Go 2", "year": 2030}).WantStatus(200).WantBody(`{"id":1,"title":"Go 2","year":2030}`)
	c.Patch("/books/1/", map[string]any{"year": 2016}).WantStatus(200).WantBody(`{"id":1,"title":"Go","year":2016}`)
	c.Patch("/books/1/", nil).WantStatus(200).WantBody(`{"id":1,"title":"Go","year":2015}`) // all optional: no body is fine
	c.Patch("/books/1/", map[string]any{"year": 1000}).WantStatus(400).WantBody(`{"year":"must be at least 1450"}`)
	c.Delete("/books/1/").WantStatus(204).WantBody(``).WantHeader("Content-Type", "")
	c.Post("/books/1/", nil).WantStatus(405).WantHeader("Allow", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS")
}

// A struct-style API's embedded declaration gives its methods' inputs,
// outputs and statuses.
type shelfAPI struct {
	panther.API
}

func (shelfAPI) Post(r *panther.Request) (any, error) {
	return map[string]string{"title": panther.Input[NoteIn](r).Title, "secret": "x"}, nil
}
func (shelfAPI) Delete(*panther.Request) (any, error) { return "ignored", nil }

func TestStructStyleOperations(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"shelf/": shelfAPI{API: panther.API{
			Post:   panther.Operation{Input: NoteIn{}, Output: NoteIn{}, Status: http.StatusCreated},
			Delete: panther.Operation{Status: http.StatusNoContent},
		}},
	}})
	c := panthertest.New(t, app)
	c.Post("/shelf/", map[string]any{"title": "t"}).WantStatus(201).WantBody(`{"title":"t"}`)
	c.Delete("/shelf/").WantStatus(204).WantBody(``)
	c.Get("/shelf/").WantStatus(405)

	for name, route := range map[string]panther.Route{
		"an Operation without its method": shelfAPI{API: panther.API{Put: panther.Operation{Input: NoteIn{}}}},
		"a method and a Handler":          shelfAPI{API: panther.API{Post: panther.Operation{Handler: methodName}}},
		"a Handler on the embedded API":   shelfAPI{API: panther.API{Handler: methodName}},
	} {
		if got := panicMessage(func() { panther.New(panther.Config{URLs: panther.URLs{"x": route}}) }); !strings.HasPrefix(got, `panther: route "x/": `) {
			t.Errorf("%s: panic %q", name, got)
		}
	}
}
