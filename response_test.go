package panther_test

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// returning is a client for an app whose one route, "r/", answers every
// method with data. Its log goes to lg.
func returning(t *testing.T, lg *capturedLog, data any) *panthertest.Client {
	t.Helper()
	return handlerClient(t, lg, func(*panther.Request) (any, error) { return data, nil })
}

// handlerClient is a client for an app whose one route, "r/", answers
// every method with h. Its log goes to lg.
func handlerClient(t *testing.T, lg *capturedLog, h panther.HandlerFunc) *panthertest.Client {
	t.Helper()
	app := panther.New(panther.Config{Logger: lg.logger(), URLs: panther.URLs{"r/": panther.API{Handler: h}}})
	return panthertest.New(t, app)
}

// wantHeaders fails unless res has exactly the headers in want.
func wantHeaders(t *testing.T, res *panthertest.Response, want http.Header) {
	t.Helper()
	if !reflect.DeepEqual(res.Header, want) {
		t.Errorf("%s %s: headers\n got %v\nwant %v", res.Method, res.Path, res.Header, want)
	}
}

type fruit struct {
	ID     int      `json:"id"`
	Title  string   `json:"title"`
	Secret string   `json:"-"`
	Tags   []string `json:"tags,omitempty"`
}

func TestReturnedData(t *testing.T) {
	jsonHeader := func(length string, more ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json"}, "Content-Length": {length}}
		for i := 0; i+1 < len(more); i += 2 {
			h[more[i]] = append(h[more[i]], more[i+1])
		}
		return h
	}
	tests := []struct {
		name       string
		data       any
		wantStatus int
		wantBody   string
		wantHeader http.Header
	}{
		{"nil", nil, 200, "", jsonHeader("0")},
		{"map", map[string]string{"detail": "ok"}, 200, `{"detail":"ok"}`, jsonHeader("15")},
		{"string", "Hello", 200, `"Hello"`, jsonHeader("7")},
		{"slice", []int{1, 2, 3}, 200, `[1,2,3]`, jsonHeader("7")},
		{"struct with json tags", fruit{ID: 1, Title: "Fruit", Secret: "x"}, 200, `{"id":1,"title":"Fruit"}`, jsonHeader("24")},
		{"bool", true, 200, `true`, jsonHeader("4")},
		{"no HTML escaping", "<b>", 200, `"<b>"`, jsonHeader("5")},
		{"no HTML escaping inside", map[string]string{"b": "<b>&</b>"}, 200, `{"b":"<b>&</b>"}`, jsonHeader("16")},
		{"Response", panther.Response{
			Status: http.StatusCreated,
			Data:   map[string]int{"id": 7},
			Header: http.Header{"X-Note": {"a", "b"}},
		}, 201, `{"id":7}`, jsonHeader("8", "X-Note", "a", "X-Note", "b")},
		{"*Response", &panther.Response{Status: http.StatusAccepted, Data: []string{"queued"}}, 202, `["queued"]`, jsonHeader("10")},
		{"nil *Response", (*panther.Response)(nil), 200, "", jsonHeader("0")},
		{"Response zero value", panther.Response{}, 200, "", jsonHeader("0")},
		{"Response without status", panther.Response{Data: 1}, 200, "1", jsonHeader("1")},
		{"Response without data", panther.Response{Status: http.StatusCreated}, 201, "", jsonHeader("0")},
		{"204 has no body, length or type", panther.Response{Status: http.StatusNoContent},
			204, "", http.Header{}},
		{"204 drops its data", panther.Response{Status: http.StatusNoContent, Data: "ignored"},
			204, "", http.Header{}},
		{"own Content-Type wins", panther.Response{
			Status: http.StatusBadRequest,
			Data:   map[string]string{"title": "bad"},
			Header: http.Header{"Content-Type": {"application/problem+json"}},
		}, 400, `{"title":"bad"}`, http.Header{"Content-Type": {"application/problem+json"}, "Content-Length": {"15"}}},
		{"own Content-Type wins, in any case", panther.Response{
			Data:   map[string]string{"title": "bad"},
			Header: http.Header{"content-type": {"application/problem+json"}},
		}, 200, `{"title":"bad"}`, http.Header{"Content-Type": {"application/problem+json"}, "Content-Length": {"15"}}},
		{"204 drops Text", panther.Response{Status: http.StatusNoContent, Data: panther.Text("ignored")},
			204, "", http.Header{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := returning(t, &capturedLog{}, tt.data).Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody)
			wantHeaders(t, res, tt.wantHeader)
		})
	}
}

func TestResponseCookies(t *testing.T) {
	data := panther.Response{
		Status: http.StatusCreated,
		Data:   "ok",
		Header: http.Header{"X-Note": {"1"}},
		Cookies: []*http.Cookie{
			{Name: "custom_key", Value: "custom_value", Path: "/", SameSite: http.SameSiteLaxMode},
			{Name: "session", Value: "abc", Domain: "example.com", MaxAge: 100, HttpOnly: true, Secure: true},
		},
	}
	res := returning(t, &capturedLog{}, data).Get("/r/").WantStatus(201).WantBody(`"ok"`)
	wantHeaders(t, res, http.Header{
		"Content-Type":   {"application/json"},
		"Content-Length": {"4"},
		"X-Note":         {"1"},
		"Set-Cookie": {
			"custom_key=custom_value; Path=/; SameSite=Lax",
			"session=abc; Domain=example.com; Max-Age=100; HttpOnly; Secure",
		},
	})
}

func TestTextResponses(t *testing.T) {
	const htmlType, textType = "text/html; charset=utf-8", "text/plain; charset=utf-8"
	tests := []struct {
		name       string
		res        any
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{"HTML", panther.HTML("<h1>Hi</h1>"), 200, htmlType, "<h1>Hi</h1>"},
		{"HTML empty", panther.HTML(""), 200, htmlType, ""},
		{"Text", panther.Text("Hello"), 200, textType, "Hello"},
		{"Text multibyte", panther.Text("héllo ✓"), 200, textType, "héllo ✓"},
		{"Text not constant", panther.Text(strings.Repeat("ab", 3)), 200, textType, "ababab"},
		{"HTML with status", panther.Response{Status: http.StatusGone, Data: panther.HTML("<p>gone</p>")}, 410, htmlType, "<p>gone</p>"},
		{"Text with status", &panther.Response{Status: http.StatusCreated, Data: panther.Text("made")}, 201, textType, "made"},
		{"Text with own type", panther.Response{Header: http.Header{"content-type": {"text/csv"}}, Data: panther.Text("a,b")}, 200, "text/csv", "a,b"},
		{"Text that looks like JSON", panther.Text(`{"a":1}`), 200, textType, `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := returning(t, &capturedLog{}, tt.res).Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody)
			wantHeaders(t, res, http.Header{
				"Content-Type":   {tt.wantType},
				"Content-Length": {strconv.Itoa(len(tt.wantBody))},
			})
		})
	}
}

func TestRedirect(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		status int
	}{
		{"temporary", "/login/?next=%2Fnotes%2F", http.StatusTemporaryRedirect},
		{"permanent", "https://example.com/", http.StatusMovedPermanently},
		{"see other", "/notes/1/", http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := returning(t, &capturedLog{}, panther.Redirect(tt.url, tt.status)).Get("/r/")
			res.WantStatus(tt.status).WantBody("")
			wantHeaders(t, res, http.Header{
				"Location":       {tt.url},
				"Content-Type":   {"application/json"},
				"Content-Length": {"0"},
			})
		})
	}
}

// pngHeader is the start of a PNG file: enough for content sniffing.
const pngHeader = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

func TestServeFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	txt := write("note.txt", "0123456789")
	page := write("page.html", "<p>hi</p>")
	image := write("image", pngHeader)
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	const notFound = `{"detail":"Not Found"}`
	tests := []struct {
		name       string
		path       string
		rangeHdr   string
		wantStatus int
		wantType   string
		wantBody   string
		wantRange  string
	}{
		{"text by extension", txt, "", 200, "text/plain; charset=utf-8", "0123456789", ""},
		{"html by extension", page, "", 200, "text/html; charset=utf-8", "<p>hi</p>", ""},
		{"png by sniffing", image, "", 200, "image/png", pngHeader, ""},
		{"range", txt, "bytes=2-5", 206, "text/plain; charset=utf-8", "2345", "bytes 2-5/10"},
		{"suffix range", txt, "bytes=-3", 206, "text/plain; charset=utf-8", "789", "bytes 7-9/10"},
		{"missing file", filepath.Join(dir, "nope.txt"), "", 404, "application/json", notFound, ""},
		{"directory", filepath.Join(dir, "folder"), "", 404, "application/json", notFound, ""},
		{"file as a folder", filepath.Join(txt, "x"), "", 404, "application/json", notFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			client := returning(t, lg, panther.ServeFile(tt.path))
			if tt.rangeHdr != "" {
				client = client.WithHeader("Range", tt.rangeHdr)
			}
			res := client.Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody).
				WantHeader("Content-Type", tt.wantType).
				WantHeader("Content-Length", strconv.Itoa(len(tt.wantBody))).
				WantHeader("Content-Range", tt.wantRange)
			lg.wantNoErrors(t)
		})
	}
}

func TestServeFileFS(t *testing.T) {
	fsys := fstest.MapFS{
		"public/a.txt":  {Data: []byte("public text")},
		"public/b.json": {Data: []byte(`{"b":1}`)},
		"secret.txt":    {Data: []byte("secret")},
	}
	public := mustSub(t, fsys, "public")
	disk := t.TempDir()
	if err := os.Mkdir(filepath.Join(disk, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"public/a.txt": "public text", "secret.txt": "secret"} {
		if err := os.WriteFile(filepath.Join(disk, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diskPublic := mustSub(t, os.DirFS(disk), "public")
	const notFound = `{"detail":"Not Found"}`
	tests := []struct {
		name       string
		res        panther.Response
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{"file", panther.ServeFileFS(fsys, "public/a.txt"), 200, "text/plain; charset=utf-8", "public text"},
		{"json file", panther.ServeFileFS(public, "b.json"), 200, "application/json", `{"b":1}`},
		{"missing", panther.ServeFileFS(fsys, "public/c.txt"), 404, "application/json", notFound},
		{"directory", panther.ServeFileFS(fsys, "public"), 404, "application/json", notFound},
		{"parent escape", panther.ServeFileFS(public, "../secret.txt"), 404, "application/json", notFound},
		{"absolute path", panther.ServeFileFS(public, "/secret.txt"), 404, "application/json", notFound},
		{"disk file", panther.ServeFileFS(diskPublic, "a.txt"), 200, "text/plain; charset=utf-8", "public text"},
		{"disk file as a folder", panther.ServeFileFS(diskPublic, "a.txt/x"), 404, "application/json", notFound},
		{"disk parent escape", panther.ServeFileFS(diskPublic, "../secret.txt"), 404, "application/json", notFound},
		{"disk DirFS escape", panther.ServeFileFS(os.DirFS(filepath.Join(disk, "public")), "../secret.txt"), 404, "application/json", notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			res := returning(t, lg, tt.res).Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody).WantHeader("Content-Type", tt.wantType)
			lg.wantNoErrors(t)
		})
	}
}

func TestUnencodableData(t *testing.T) {
	tests := []struct {
		name      string
		data      any
		wantCause string
	}{
		{"channel", make(chan int), "json: unsupported type: chan int"},
		{"func", func() {}, "json: unsupported type: func()"},
		{"nested func", map[string]any{"f": func() {}}, "json: unsupported type: func()"},
		{"in a Response", panther.Response{Status: http.StatusCreated, Data: make(chan int)}, "unsupported type: chan int"},
		{"in a *Response", &panther.Response{Data: []any{func() {}}}, "unsupported type: func()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			res := returning(t, lg, tt.data).Get("/r/?q=1")
			res.WantStatus(500).WantBody(`{"detail":"Internal Server Error"}`).
				WantHeader("Content-Type", "application/json").WantHeader("Content-Length", "34")
			lg.wantError(t, "GET", "/r/", tt.wantCause)
		})
	}
}

func mustSub(t *testing.T, fsys fs.FS, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// The headers and cookies of a file response stay off the 404 that
// answers for a missing file.
func TestServeFileMissingDropsItsHeaders(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"f": panther.API{Handler: func(*panther.Request) (any, error) {
			res := panther.ServeFile(filepath.Join(t.TempDir(), "missing.txt"))
			res.Header = http.Header{"Cache-Control": {"max-age=3600"}}
			res.Cookies = []*http.Cookie{{Name: "seen", Value: "1"}}
			return res, nil
		}},
	}})
	res := panthertest.New(t, app).Get("/f").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
	res.WantHeader("Cache-Control", "").WantHeader("Set-Cookie", "")
}
