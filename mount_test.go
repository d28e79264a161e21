package panther_test

import (
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

func TestMount(t *testing.T) {
	files := fstest.MapFS{"css/site.css": {Data: []byte("body{}")}, "index.html": {Data: []byte("<p>hi</p>")}}
	deny := panther.PermissionFunc(func(r *panther.Request) (bool, error) { return r.Header.Get("X-Deny") == "", nil })
	app := panther.New(panther.Config{URLs: panther.URLs{
		"assets/": panther.API{
			Mount:       http.StripPrefix("/assets", http.FileServerFS(files)),
			Permissions: []panther.Permission{deny},
		},
		"assets/api/": panther.API{Handler: methodName},
		"echo/": panther.API{Methods: []string{"GET", "POST"}, Mount: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(r.Method + " " + r.URL.Path))
		})},
	}})
	c := panthertest.New(t, app)
	c.Get("/assets/css/site.css").WantStatus(200).WantBody("body{}").WantHeader("Content-Type", "text/css; charset=utf-8")
	c.Get("/assets/index.html").WantStatus(301) // http.FileServer's own redirect to the directory
	c.Get("/assets/missing.js").WantStatus(404)
	c.Get("/assets/api/").WantStatus(200).WantBody(`"GET"`) // a route below a mount wins
	c.WithHeader("X-Deny", "1").Get("/assets/css/site.css").WantStatus(403)
	c.Post("/assets/css/site.css", nil).WantStatus(405).WantHeader("Allow", "GET, HEAD, OPTIONS")
	c.Get("/echo/a/b/c").WantStatus(200).WantBody("GET /echo/a/b/c")
	c.Post("/echo", nil).WantStatus(200).WantBody("POST /echo")
	c.Get("/elsewhere").WantStatus(404)
	for _, ri := range app.Routes() {
		if ri.Pattern != "assets/api/" {
			t.Errorf("Routes lists the mount %q", ri.Pattern)
		}
	}
	if got := panicMessage(func() { app.Handle("x", panther.API{Mount: http.NotFoundHandler(), Cache: time.Second}) }); got == "" {
		t.Error("a Mount with a Cache registered")
	}
}
