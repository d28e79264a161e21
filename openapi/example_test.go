package openapi_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
)

// Build describes the routes' declarations: here a path variable, an
// Input, an Output and a Status give a parameter, a request body, the 201
// response and the errors they imply.
func ExampleBuild() {
	type NoteIn struct {
		Title string `json:"title" validate:"required,max=100"`
	}
	type Note struct {
		ID    int    `json:"id"`
		Title string `json:"title"`
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"boards/<board>/notes/": panther.API{
			Methods: []string{http.MethodPost},
			Input:   NoteIn{},
			Output:  Note{},
			Status:  http.StatusCreated,
			Docs:    panther.Docs{Summary: "Add a note", Tags: []string{"notes"}},
			Handler: func(*panther.Request) (any, error) { return nil, nil },
		},
	}})
	doc, err := openapi.Build(app, openapi.Config{Title: "Notes", Version: "1.0.0"})
	if err != nil {
		panic(err)
	}
	post := doc.Paths["/boards/{board}/notes"].Post // paths are written without the trailing slash
	fmt.Println(post.OperationID, post.Summary, post.Tags)
	fmt.Println("responses:", slices.Sorted(maps.Keys(post.Responses)))
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(doc.Components.Schemas["NoteIn"])
	// Output:
	// postBoardsBoardNotes Add a note [notes]
	// responses: [201 400 404 413 415 422 500]
	// {
	//   "type": "object",
	//   "properties": {
	//     "title": {
	//       "type": "string",
	//       "minLength": 1,
	//       "maxLength": 100
	//     }
	//   },
	//   "required": [
	//     "title"
	//   ]
	// }
}

// Mount serves the document at /openapi.json and the docs UIs at /docs/
// (Swagger UI), /redoc/ and /scalar/.
func ExampleMount() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: hello},
	}})
	openapi.Mount(app, openapi.Config{Title: "Hello"})

	for _, path := range []string{"/openapi.json", "/docs/", "/redoc/", "/scalar/"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, w.Code, w.Header().Get("Content-Type"))
	}
	// Output:
	// /openapi.json 200 application/json
	// /docs/ 200 text/html; charset=utf-8
	// /redoc/ 200 text/html; charset=utf-8
	// /scalar/ 200 text/html; charset=utf-8
}
