package openapi_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
	"github.com/panther-go/panther/openapi/ui"
	"github.com/panther-go/panther/panthertest"
)

func hello(r *panther.Request) (any, error) {
	return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
}

func TestMountDefaults(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: hello},
	}})
	var logs bytes.Buffer
	openapi.Mount(app, openapi.Config{Title: "Hello", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	app.Handle("later/", panther.API{Methods: []string{http.MethodGet}, Handler: hello}) // after Mount: still described
	doc, err := openapi.Build(app, openapi.Config{Title: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := doc.JSON()
	c := panthertest.New(t, app)
	c.Get("/openapi.json").WantStatus(http.StatusOK).WantHeader("Content-Type", "application/json").WantBody(string(want))
	if len(doc.Paths) != 2 || doc.Paths["/later"] == nil {
		t.Errorf("paths %v, want /hello/{name} and /later only: Mount's routes are hidden", keys(doc.Paths))
	}
	for _, path := range []string{"/docs/", "/docs", "/redoc/", "/scalar/"} {
		res := c.Get(path).WantStatus(http.StatusOK).WantHeader("Content-Type", "text/html; charset=utf-8")
		if !strings.Contains(res.Text(), `"/openapi.json"`) || !strings.Contains(res.Text(), "<title>Hello documentation</title>") {
			t.Errorf("%s does not show /openapi.json titled Hello documentation:\n%s", path, res.Text())
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s has no Content-Security-Policy", path)
		}
	}
	c.Get("/docs/swagger-ui.css").WantStatus(http.StatusOK).WantHeader("Content-Type", "text/css; charset=utf-8")
	c.Get("/docs/nothing.js").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
	offline := ui.Redoc(ui.Config{}).Offline() && ui.Scalar(ui.Config{}).Offline()
	if logged := strings.Contains(logs.String(), "go generate ./openapi/ui"); logged == offline {
		t.Errorf("offline %v, yet the log says %q", offline, logs.String())
	}
}

func TestMountPaths(t *testing.T) {
	deny := panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) {
		return nil, panther.NewError(http.StatusUnauthorized, "")
	})
	app := panther.New(panther.Config{Authenticator: deny})
	openapi.Mount(app, openapi.Config{
		JSON:    openapi.Page{Path: "api/spec.json"},
		Swagger: openapi.Page{Path: "-"},
		Redoc:   openapi.Page{Path: "reference/", Auth: panther.AuthRequired},
		Scalar:  openapi.Page{Path: "api/scalar"},
		Servers: []openapi.Server{{URL: "https://api.example.com/v1"}, {URL: "/v1"}},
		Logger:  slog.New(slog.DiscardHandler),
	})
	c := panthertest.New(t, app)
	c.Get("/openapi.json").WantStatus(http.StatusNotFound)
	c.Get("/api/spec.json").WantStatus(http.StatusOK)
	c.Get("/docs/").WantStatus(http.StatusNotFound)
	c.Get("/redoc/").WantStatus(http.StatusNotFound)
	c.Get("/reference/").WantStatus(http.StatusUnauthorized)
	res := c.Get("/api/scalar/").WantStatus(http.StatusOK)
	if !strings.Contains(res.Text(), `url: "/api/spec.json"`) {
		t.Errorf("the Scalar page does not load /api/spec.json:\n%s", res.Text())
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' https://api.example.com;") {
		t.Errorf("Content-Security-Policy %q does not let the page call the server https://api.example.com", csp)
	}
}
