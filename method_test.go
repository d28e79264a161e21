package panther_test

import (
	"net/http"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// noteAPI is a struct-style API answering GET and PUT only.
type noteAPI struct {
	panther.API
}

func (*noteAPI) Get(r *panther.Request) (any, error) { return "get " + r.PathVar("id"), nil }
func (*noteAPI) Put(r *panther.Request) (any, error) { return "put " + r.PathVar("id"), nil }

// allVerbs is a struct-style API answering every verb.
type allVerbs struct{ panther.API }

func (allVerbs) Get(*panther.Request) (any, error)    { return "GET", nil }
func (allVerbs) Post(*panther.Request) (any, error)   { return "POST", nil }
func (allVerbs) Put(*panther.Request) (any, error)    { return "PUT", nil }
func (allVerbs) Patch(*panther.Request) (any, error)  { return "PATCH", nil }
func (allVerbs) Delete(*panther.Request) (any, error) { return "DELETE", nil }

func methodName(r *panther.Request) (any, error) { return r.Method, nil }

func TestMethods(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"default":    panther.API{Handler: methodName},
		"get":        panther.API{Methods: []string{http.MethodGet}, Handler: methodName},
		"post":       panther.API{Methods: []string{"post"}, Handler: methodName},
		"get-post":   panther.API{Methods: []string{"GET", "POST", "PATCH"}, Handler: methodName},
		"notes/<id>": &noteAPI{},
		"all":        allVerbs{},
	}})
	c := panthertest.New(t, app)
	const allowed, refused = http.StatusOK, http.StatusMethodNotAllowed
	tests := []struct {
		path  string
		want  map[string]int
		allow string
	}{
		{"/default", map[string]int{"GET": allowed, "POST": allowed, "PUT": allowed, "PATCH": allowed, "DELETE": allowed, "TRACE": refused}, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
		{"/get", map[string]int{"GET": allowed, "POST": refused, "PUT": refused, "PATCH": refused, "DELETE": refused}, "GET, HEAD, OPTIONS"},
		{"/post", map[string]int{"GET": refused, "POST": allowed, "PUT": refused, "HEAD": refused}, "POST, OPTIONS"},
		{"/get-post", map[string]int{"GET": allowed, "POST": allowed, "PATCH": allowed, "PUT": refused, "DELETE": refused}, "GET, HEAD, POST, PATCH, OPTIONS"},
		{"/notes/1", map[string]int{"GET": allowed, "PUT": allowed, "POST": refused, "PATCH": refused, "DELETE": refused, "CONNECT": refused}, "GET, HEAD, PUT, OPTIONS"},
		{"/all", map[string]int{"GET": allowed, "POST": allowed, "PUT": allowed, "PATCH": allowed, "DELETE": allowed}, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
	}
	for _, tt := range tests {
		for method, status := range tt.want {
			t.Run(method+tt.path, func(t *testing.T) {
				res := c.Request(method, tt.path, nil).WantStatus(status)
				if status == refused && method != http.MethodHead {
					res.WantBody(`{"detail":"Method Not Allowed"}`).WantHeader("Allow", tt.allow)
				}
			})
		}
		t.Run("OPTIONS"+tt.path, func(t *testing.T) {
			res := c.Options(tt.path).WantStatus(http.StatusNoContent).WantHeader("Allow", tt.allow).WantBody("")
			res.WantHeader("Content-Type", "")
		})
	}
}

func TestHeadAnswersLikeGetWithoutBody(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello":      panther.API{Methods: []string{"GET"}, Handler: func(*panther.Request) (any, error) { return map[string]string{"message": "hi"}, nil }},
		"notes/<id>": &noteAPI{},
	}})
	c := panthertest.New(t, app)
	get := c.Get("/hello").WantStatus(http.StatusOK)
	head := c.Head("/hello").WantStatus(http.StatusOK).WantBody("")
	for _, h := range []string{"Content-Type", "Content-Length"} {
		head.WantHeader(h, get.Header.Get(h))
	}
	c.Head("/notes/3").WantStatus(http.StatusOK).WantBody("").WantHeader("Content-Length", "7")
}

// The method is decided before anything of the API's own runs but its
// middlewares (Python Panther runs a struct API's auth, permissions and
// throttle first and answers 401 where 405 is due).
func TestMethodCheckedBeforePermissions(t *testing.T) {
	var checked, wrapped int
	deny := panther.PermissionFunc(func(*panther.Request) (bool, error) { checked++; return false, nil })
	count := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { wrapped++; next.ServeHTTP(w, r) })
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"struct": &noteAPI{API: panther.API{Permissions: []panther.Permission{deny}, Middlewares: []panther.Middleware{count}}},
		"func":   panther.API{Methods: []string{"GET"}, Permissions: []panther.Permission{deny}, Middlewares: []panther.Middleware{count}, Handler: methodName},
	}})
	c := panthertest.New(t, app)
	for _, path := range []string{"/struct", "/func"} {
		c.Post(path, `{}`).WantStatus(http.StatusMethodNotAllowed)
		c.Delete(path).WantStatus(http.StatusMethodNotAllowed)
		c.Get(path).WantStatus(http.StatusForbidden)
	}
	if checked != 2 {
		t.Errorf("the permission ran %d times, want 2 (only for the GETs)", checked)
	}
	if wrapped != 6 {
		t.Errorf("the API's middleware ran %d times, want 6 (405s included)", wrapped)
	}
}
