package ui_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/panther-go/panther/openapi/ui"
)

// A Page serves itself at its path and its assets below it; mount it at
// that path on any router (package openapi mounts the three on an app).
func ExampleSwagger() {
	docs := ui.Swagger(ui.Config{Path: "/docs/", SpecURL: "/openapi.json", Title: "Notes API"})
	mux := http.NewServeMux()
	mux.Handle("/docs/", docs)

	for _, path := range []string{"/docs/", "/docs/swagger-ui-bundle.js"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, w.Code, w.Header().Get("Content-Type"))
	}
	fmt.Println("offline:", docs.Offline())
	// Output:
	// /docs/ 200 text/html; charset=utf-8
	// /docs/swagger-ui-bundle.js 200 text/javascript; charset=utf-8
	// offline: true
}
