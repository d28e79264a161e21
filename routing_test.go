package panther_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// echo answers with the route pattern and the path variables it names.
func echo(names ...string) panther.API {
	return panther.API{Handler: func(r *panther.Request) (any, error) {
		vars := map[string]string{"pattern": r.Route()}
		for _, n := range names {
			vars[n] = r.PathVar(n)
		}
		return vars, nil
	}}
}

func routingApp() *panther.App {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"":                   echo(),
		"users/":             echo(),
		"users/me/":          echo(),
		"users/list/":        echo(),
		"users/<id>/":        echo("id"),
		"users/<id>/profile": echo("id"),
		"admin": panther.URLs{
			"v1/<user_id>/list/registered": echo("user_id"),
			"v1/<user_id>/list/<kind>":     echo("user_id", "kind"),
			"v2":                           panther.URLs{}, // reserved
			"<section>":                    echo("section"),
		},
		"files/<name>/": echo("name"),
	}})
	app.Handle("/shop//items/<sku>/", echo("sku"))
	app.Handle("blog", panther.URLs{"<slug>/": echo("slug")})
	return app
}

func TestRouting(t *testing.T) {
	c := panthertest.New(t, routingApp())
	tests := []struct {
		name, path, want string
	}{
		{"root", "/", `{"pattern":"/"}`},
		{"root without slash", "", `{"pattern":"/"}`},
		{"static", "/users/", `{"pattern":"users/"}`},
		{"no trailing slash", "/users", `{"pattern":"users/"}`},
		{"repeated edge slashes", "//users//", `{"pattern":"users/"}`},
		{"no leading slash in pattern", "/users/5/profile/", `{"id":"5","pattern":"users/<id>/profile/"}`},
		{"static wins over variable", "/users/me/", `{"pattern":"users/me/"}`},
		{"variable", "/users/42/", `{"id":"42","pattern":"users/<id>/"}`},
		{"backtracks from a static branch", "/users/list/profile/", `{"id":"list","pattern":"users/<id>/profile/"}`},
		{"nested static after variable", "/admin/v1/7/list/registered/", `{"pattern":"admin/v1/<user_id>/list/registered/","user_id":"7"}`},
		{"nested variable after variable", "/admin/v1/7/list/pending/", `{"kind":"pending","pattern":"admin/v1/<user_id>/list/<kind>/","user_id":"7"}`},
		{"variable beside a reserved path", "/admin/stats/", `{"pattern":"admin/<section>/","section":"stats"}`},
		{"percent-decoded value", "/files/J%C3%B6rg/", `{"name":"Jörg","pattern":"files/<name>/"}`},
		{"escaped slash stays in one value", "/files/a%2Fb/", `{"name":"a/b","pattern":"files/<name>/"}`},
		{"query string ignored", "/users/5/profile?name=ali", `{"id":"5","pattern":"users/<id>/profile/"}`},
		{"Handle with repeated slashes", "/shop/items/x1/", `{"pattern":"shop/items/<sku>/","sku":"x1"}`},
		{"Handle with URLs", "/blog/hello-world", `{"pattern":"blog/<slug>/","slug":"hello-world"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Get(tt.path).WantStatus(http.StatusOK).WantBody(tt.want)
		})
	}
}

func TestRoutingNotFound(t *testing.T) {
	c := panthertest.New(t, routingApp())
	for _, path := range []string{
		"/nope/",
		"/users/5/profile/extra/",  // too many segments
		"/admin/v1/7/",             // a prefix of a route
		"/admin/v2/",               // reserved
		"/Users/",                  // case-sensitive
		"/users//5/",               // an inner empty segment matches nothing
		"/admin/v1/7/list/a/b",     // past the last variable
		"/files/",                  // a variable never matches an empty segment
		"/shop/items/",             // a prefix ending before the variable
		"/users/5/profile/%2e%2e/", // an escaped dot is still a segment
	} {
		t.Run(path, func(t *testing.T) {
			res := c.Get(path).WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
			res.WantHeader("Content-Type", "application/json")
			if loc := res.Header.Get("Location"); loc != "" {
				t.Errorf("redirected to %q; routes never redirect", loc)
			}
		})
	}
}

func TestRoutingRegistrationErrors(t *testing.T) {
	ok := echo()
	type noVerbs struct{ panther.API }
	tests := []struct {
		name     string
		register func(a *panther.App)
		want     string // a substring of the panic
	}{
		{"invalid character", func(a *panther.App) { a.Handle("user/?/", ok) }, `route "user/?/": segment "?"`},
		{"non-ASCII", func(a *panther.App) { a.Handle("user/لیست", ok) }, `route "user/لیست/"`},
		{"space", func(a *panther.App) { a.Handle("my files/", ok) }, `segment "my files"`},
		{"half a variable", func(a *panther.App) { a.Handle("user/<id/", ok) }, `segment "<id"`},
		{"bad variable name", func(a *panther.App) { a.Handle("user/<1d>/", ok) }, `path variable "<1d>" is not a valid name`},
		{"nil route", func(a *panther.App) { a.Handle("user/", nil) }, `route "user/" points to nil`},
		{"nil route in URLs", func(a *panther.App) { a.Handle("", panther.URLs{"user/list/": nil}) }, `route "user/list/" points to nil`},
		{"nil *API", func(a *panther.App) { a.Handle("x", (*panther.API)(nil)) }, `route "x/" points to a nil *panther.API`},
		{"nil handler", func(a *panther.App) { a.Handle("x", panther.API{}) }, `route "x/": the API has no handler`},
		{"duplicate", func(a *panther.App) { a.Handle("x/", ok); a.Handle("/x", ok) }, `route "x/" is registered twice`},
		{"duplicate through URLs", func(a *panther.App) {
			a.Handle("a", panther.URLs{"b": ok})
			a.Handle("a/b", ok)
		}, `route "a/b/" is registered twice`},
		{"reserved then registered", func(a *panther.App) { a.Handle("r", panther.URLs{}); a.Handle("r", ok) }, `route "r/" is registered twice`},
		{"two variables at one level", func(a *panther.App) {
			a.Handle("user/<id>/", ok)
			a.Handle("user/<name>/posts/", ok)
		}, `routes "user/<id>/" and "user/<name>/posts/" put two path variables, <id> and <name>, at one level`},
		{"one variable twice", func(a *panther.App) { a.Handle("a/<id>/b/<id>/", ok) }, `path variable <id> appears twice`},
		{"unknown method", func(a *panther.App) {
			a.Handle("x", panther.API{Methods: []string{"FETCH"}, Handler: ok.Handler})
		}, `method "FETCH" cannot be declared`},
		{"HEAD declared", func(a *panther.App) {
			a.Handle("x", panther.API{Methods: []string{"HEAD"}, Handler: ok.Handler})
		}, `method "HEAD" cannot be declared`},
		{"struct without verbs", func(a *panther.App) { a.Handle("x", noVerbs{}) }, `has none of the methods Get, Post, Put, Patch, Delete`},
		{"value of a pointer-receiver struct", func(a *panther.App) { a.Handle("x", itemAPI{}) }, `need a pointer value (&T{})`},
		{"nil *API embedded", func(a *panther.App) { a.Handle("x", &ptrEmbed{}) }, `embeds a nil *panther.API`},
		{"nil permission", func(a *panther.App) {
			a.Handle("x", panther.API{Permissions: []panther.Permission{nil}, Handler: ok.Handler})
		}, `route "x/": Permissions[0] is nil`},
		{"nil API middleware", func(a *panther.App) {
			a.Handle("x", panther.API{Middlewares: []panther.Middleware{nil}, Handler: ok.Handler})
		}, `route "x/": Middlewares[0] is nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := panicMessage(func() { tt.register(panther.New(panther.Config{})) })
			if !strings.HasPrefix(got, "panther: ") || !strings.Contains(got, tt.want) {
				t.Errorf("panic %q, want one starting with \"panther: \" and containing %q", got, tt.want)
			}
		})
	}
}

func TestNewConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  panther.Config
		want string
	}{
		{"nil middleware", panther.Config{Middlewares: []panther.Middleware{nil}}, "Config.Middlewares[0] is nil"},
		{"middleware returning nil", panther.Config{Middlewares: []panther.Middleware{
			func(http.Handler) http.Handler { return nil },
		}}, "Config.Middlewares[0] returned a nil http.Handler"},
		{"bad URLs", panther.Config{URLs: panther.URLs{"a b": echo()}}, `segment "a b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := panicMessage(func() { panther.New(tt.cfg) }); !strings.Contains(got, tt.want) {
				t.Errorf("panic %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

// itemAPI implements its verbs on a pointer receiver.
type itemAPI struct{ panther.API }

func (*itemAPI) Get(*panther.Request) (any, error) { return "item", nil }

type ptrEmbed struct{ *panther.API }

func (*ptrEmbed) Get(*panther.Request) (any, error) { return nil, nil }

func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg, _ = v.(string)
			if msg == "" {
				msg = "non-string panic"
			}
		}
	}()
	f()
	return ""
}

// getFrom is a GET of path from the client address remote.
func getFrom(remote, path string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = remote
	return req
}
