package panthertest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/panther-go/panther/panthertest"
)

// echo answers with what it received.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"method":%q,"uri":%q,"type":%q,"auth":%q,"x":%q,"remote":%q,"body":%q}`,
		r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), r.Header.Get("Authorization"),
		r.Header.Get("X"), r.RemoteAddr, body)
})

type received struct {
	Method, URI, Type, Auth, X, Remote, Body string
}

func TestRequests(t *testing.T) {
	c := panthertest.New(t, echo)
	tests := []struct {
		name string
		res  func() *panthertest.Response
		want received
	}{
		{"get", func() *panthertest.Response { return c.Get("/a?b=1") }, received{Method: "GET", URI: "/a?b=1"}},
		{"leading slash added", func() *panthertest.Response { return c.Get("a/") }, received{Method: "GET", URI: "/a/"}},
		{"head", func() *panthertest.Response { return c.Head("/a") }, received{Method: "HEAD", URI: "/a"}},
		{"options", func() *panthertest.Response { return c.Options("/a") }, received{Method: "OPTIONS", URI: "/a"}},
		{"delete", func() *panthertest.Response { return c.Delete("/a") }, received{Method: "DELETE", URI: "/a"}},
		{"post JSON", func() *panthertest.Response { return c.Post("/a", map[string]int{"n": 1}) },
			received{Method: "POST", URI: "/a", Type: "application/json", Body: `{"n":1}`}},
		{"put string", func() *panthertest.Response { return c.Put("/a", "raw") }, received{Method: "PUT", URI: "/a", Body: "raw"}},
		{"patch bytes", func() *panthertest.Response { return c.Patch("/a", []byte("b")) }, received{Method: "PATCH", URI: "/a", Body: "b"}},
		{"reader with its own type", func() *panthertest.Response {
			return c.WithHeader("Content-Type", "application/x-www-form-urlencoded").Post("/a", strings.NewReader("k=v"))
		}, received{Method: "POST", URI: "/a", Type: "application/x-www-form-urlencoded", Body: "k=v"}},
		{"token", func() *panthertest.Response { return c.WithToken("t0k").Get("/a") }, received{Method: "GET", URI: "/a", Auth: "Bearer t0k"}},
		{"header", func() *panthertest.Response { return c.WithHeader("X", "1").Get("/a") }, received{Method: "GET", URI: "/a", X: "1"}},
		{"option overrides client header", func() *panthertest.Response {
			return c.WithHeader("X", "1").WithHeader("X", "2").Get("/a")
		}, received{Method: "GET", URI: "/a", X: "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res().WantStatus(http.StatusOK)
			if tt.want.Method == "HEAD" {
				return // the recorder keeps the body; what matters is the method reached the handler
			}
			var got received
			res.JSON(&got)
			tt.want.Remote = panthertest.RemoteAddr
			if got != tt.want {
				t.Errorf("handler received %+v, want %+v", got, tt.want)
			}
		})
	}
	// WithHeader and WithToken copy the client; the original is unchanged.
	var got received
	c.Get("/a").JSON(&got)
	if got.Auth != "" || got.X != "" {
		t.Errorf("the original client sends Authorization %q, X %q", got.Auth, got.X)
	}
}

// fakeT records failures instead of failing the real test.
type fakeT struct {
	testing.TB
	failures []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.failures = append(f.failures, fmt.Sprintf(format, a...))
}
func (f *fakeT) Fatalf(format string, a ...any) { f.Errorf(format, a...) }

func TestAssertionsFail(t *testing.T) {
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X", "1")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"detail":"Not Found"}`)
	})
	ft := &fakeT{TB: t}
	res := panthertest.New(ft, notFound).Get("/gone")
	res.WantStatus(http.StatusOK)
	res.WantBody(`{}`)
	res.WantHeader("X", "2")
	var v []int
	res.JSON(&v)
	want := []string{
		`GET /gone: status 404, want 200; body {"detail":"Not Found"}`,
		`GET /gone: body {"detail":"Not Found"}, want {}`,
		`GET /gone: header X = "1", want "2"`,
		`GET /gone: body is not JSON`,
	}
	if len(ft.failures) != len(want) {
		t.Fatalf("failures %q, want %d", ft.failures, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(ft.failures[i], w) {
			t.Errorf("failure %d = %q, want it to start with %q", i, ft.failures[i], w)
		}
	}
	if d := res.Detail(); d != "Not Found" {
		t.Errorf("Detail() = %q", d)
	}
	ft.failures = nil
	res.WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`).WantHeader("X", "1")
	if len(ft.failures) != 0 {
		t.Errorf("passing assertions reported %q", ft.failures)
	}
}
