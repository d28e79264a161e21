package panther_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/schema"
)

type NoteIn struct {
	Title string   `json:"title" validate:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
}

type Address struct {
	City string `json:"city" validate:"required"`
}

type SignUp struct {
	Email   string   `json:"email" validate:"required,email"`
	Age     int      `json:"age" validate:"gte=18"`
	Address Address  `json:"address"`
	Nick    *string  `json:"nick" validate:"omitempty,min=3"`
	Roles   []string `json:"roles" validate:"dive,oneof=admin user"`
}

// Range checks a rule no tag can express.
type Range struct {
	From int `json:"from"`
	To   int `json:"to"`
}

func (r Range) Validate() error {
	switch {
	case r.To < r.From:
		return panther.ValidationError{"to": "must not be before from"}
	case r.To-r.From > 100:
		return errors.New("the range is too wide")
	case r.From < 0:
		return panther.NewError(http.StatusConflict, "negative ranges are taken")
	}
	return nil
}

type StrictIn struct {
	Name string `json:"name"`
}

func (StrictIn) DisallowUnknownFields() bool { return true }

func inputApp(t *testing.T) *panthertest.Client {
	echoInput := func(r *panther.Request) (any, error) { return panther.Input[NoteIn](r), nil }
	return panthertest.New(t, panther.New(panther.Config{URLs: panther.URLs{
		"notes/":   panther.API{Input: NoteIn{}, Handler: echoInput},
		"small/":   panther.API{Input: NoteIn{}, MaxBodyBytes: 64, Handler: echoInput},
		"signup/":  panther.API{Input: SignUp{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[SignUp](r), nil }},
		"range/":   panther.API{Input: Range{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[Range](r), nil }},
		"strict/":  panther.API{Input: StrictIn{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[StrictIn](r), nil }},
		"generic/": &noteInAPI{API: panther.API{Input: NoteIn{}}},
		"logout/":  panther.API{Input: LogoutIn{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[LogoutIn](r), nil }},
	}}))
}

// LogoutIn has only optional fields: no body at all is fine.
type LogoutIn struct {
	RefreshToken string `json:"refresh_token,omitempty" validate:"omitempty,min=10"`
}

// noteInAPI reads its input in Post and Put, and proves Get and Delete
// never touch the body.
type noteInAPI struct{ panther.API }

func (*noteInAPI) Get(r *panther.Request) (any, error)    { return panther.Input[NoteIn](r), nil }
func (*noteInAPI) Post(r *panther.Request) (any, error)   { return panther.Input[NoteIn](r), nil }
func (*noteInAPI) Delete(r *panther.Request) (any, error) { return panther.Input[NoteIn](r), nil }

func TestInput(t *testing.T) {
	c := inputApp(t)
	long := strings.Repeat("a", 101)
	tests := []struct {
		name        string
		method      string
		path        string
		body        any
		contentType string
		status      int
		want        string
	}{
		{"valid", "POST", "/notes/", `{"title":"milk","tags":["shop"]}`, "", 200, `{"title":"milk","tags":["shop"]}`},
		{"media type parameters", "PUT", "/notes/", `{"title":"milk"}`, "application/json; charset=utf-8", 200, `{"title":"milk"}`},
		{"a +json media type", "PATCH", "/notes/", `{"title":"milk"}`, "application/merge-patch+json", 200, `{"title":"milk"}`},
		{"no Content-Type is JSON", "POST", "/notes/", `{"title":"milk"}`, "-", 200, `{"title":"milk"}`},
		{"unknown fields ignored", "POST", "/notes/", `{"title":"milk","color":"red"}`, "", 200, `{"title":"milk"}`},
		{"required", "POST", "/notes/", `{"body":"x"}`, "", 400, `{"title":"is required"}`},
		{"too long", "POST", "/notes/", `{"title":"` + long + `"}`, "", 400, `{"title":"must be at most 100 characters"}`},
		{"item of a list", "POST", "/notes/", `{"title":"a","tags":["a","b","c","` + strings.Repeat("x", 21) + `"]}`, "", 400, `{"tags.3":"must be at most 20 characters"}`},
		{"several failures", "POST", "/notes/", `{"tags":["","","","","",""]}`, "", 400, `{"tags":"must have at most 5 items","title":"is required"}`},
		{"wrong JSON type", "POST", "/notes/", `{"title":5}`, "", 400, `{"title":"must be a string"}`},
		{"wrong type in a list", "POST", "/notes/", `{"title":"a","tags":[1]}`, "", 400, `{"tags":"must be a string"}`},
		{"not an object", "POST", "/notes/", `["title"]`, "", 400, `{"detail":"Request body must be a JSON object"}`},
		{"null body", "POST", "/notes/", `null`, "", 400, `{"detail":"Request body is required"}`},
		{"empty body", "POST", "/notes/", ``, "", 400, `{"detail":"Request body is required"}`},
		{"blank body", "POST", "/notes/", " \n ", "", 400, `{"detail":"Request body is required"}`},
		{"all fields optional: no body", "POST", "/logout/", ``, "", 200, `{}`},
		{"all fields optional: null", "POST", "/logout/", `null`, "", 200, `{}`},
		{"all fields optional: still validated", "POST", "/logout/", `{"refresh_token":"short"}`, "", 400, `{"refresh_token":"must be at least 10 characters"}`},
		{"JSON sent as a form", "POST", "/notes/", ` {"title":"milk"}`, "application/x-www-form-urlencoded", 415, `{"detail":"The body is JSON but was sent as a form; send it with Content-Type: application/json"}`},
		{"a JSON list sent as a form", "POST", "/notes/", `["milk"]`, "application/x-www-form-urlencoded", 415, `{"detail":"The body is JSON but was sent as a form; send it with Content-Type: application/json"}`},
		{"a real form", "POST", "/notes/", `title=milk&tags=shop`, "application/x-www-form-urlencoded", 200, `{"title":"milk","tags":["shop"]}`},
		{"malformed JSON", "POST", "/notes/", `{"title":`, "", 422, `{"detail":"JSON Decode Error"}`},
		{"two values", "POST", "/notes/", `{"title":"a"} {}`, "", 422, `{"detail":"JSON Decode Error"}`},
		{"media type not accepted", "POST", "/notes/", `title: a`, "text/yaml", 415, `{"detail":"Unsupported Media Type"}`},
		{"too large by Content-Length", "POST", "/small/", `{"title":"` + strings.Repeat("a", 100) + `"}`, "", 413, `{"detail":"Request Entity Too Large"}`},
		{"nested field", "POST", "/signup/", `{"email":"a@b.co","age":20,"address":{}}`, "", 400, `{"address.city":"is required"}`},
		{"email and number", "POST", "/signup/", `{"email":"x","age":3,"address":{"city":"c"}}`, "", 400, `{"age":"must be at least 18","email":"must be a valid email address"}`},
		{"pointer and oneof", "POST", "/signup/", `{"email":"a@b.co","age":20,"address":{"city":"c"},"nick":"ab","roles":["user","root"]}`, "", 400, `{"nick":"must be at least 3 characters","roles.1":"must be one of: admin, user"}`},
		{"nested wrong type", "POST", "/signup/", `{"address":{"city":1}}`, "", 400, `{"address.city":"must be a string"}`},
		{"Validate: fields", "POST", "/range/", `{"from":5,"to":1}`, "", 400, `{"to":"must not be before from"}`},
		{"Validate: plain error", "POST", "/range/", `{"from":0,"to":500}`, "", 400, `{"detail":"the range is too wide"}`},
		{"Validate: *Error", "POST", "/range/", `{"from":-1,"to":0}`, "", 409, `{"detail":"negative ranges are taken"}`},
		{"strict: unknown field", "POST", "/strict/", `{"name":"a","admin":true}`, "", 400, `{"admin":"is not a known field"}`},
		{"strict: known fields", "POST", "/strict/", `{"name":"a"}`, "", 200, `{"name":"a"}`},
		{"GET never reads the body", "GET", "/generic/", `{not json`, "text/weird", 200, `{"title":""}`},
		{"DELETE never reads the body", "DELETE", "/generic/", `{not json`, "", 200, `{"title":""}`},
		{"struct-style POST validates", "POST", "/generic/", `{"title":""}`, "", 400, `{"title":"is required"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := c
			switch tt.contentType {
			case "":
				client = c.WithHeader("Content-Type", "application/json")
			case "-":
			default:
				client = c.WithHeader("Content-Type", tt.contentType)
			}
			client.Request(tt.method, tt.path, tt.body).WantStatus(tt.status).WantBody(tt.want)
		})
	}
}

// A body without a Content-Length stops being read at the limit.
func TestInputBodyLimitWithoutLength(t *testing.T) {
	c := inputApp(t)
	read := &countingReader{r: strings.NewReader(`{"title":"` + strings.Repeat("a", 1<<20) + `"}`)}
	req := httptest.NewRequest("POST", "/small/", read)
	req.ContentLength = -1
	c.Do(req).WantStatus(http.StatusRequestEntityTooLarge).WantBody(`{"detail":"Request Entity Too Large"}`)
	if read.n > 64+4096 {
		t.Errorf("read %d bytes of a body limited to 64", read.n)
	}
	// At the limit it is read; one byte over, it is not.
	for body, status := range map[string]int{
		`{"title":"` + strings.Repeat("a", 52) + `"}`:  http.StatusOK,
		`{"title":"` + strings.Repeat("a", 52) + `"} `: http.StatusRequestEntityTooLarge,
	} {
		req := httptest.NewRequest("POST", "/small/", iotest.OneByteReader(strings.NewReader(body)))
		req.ContentLength = -1
		c.Do(req).WantStatus(status)
	}
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestInputTypeMismatchIsA500(t *testing.T) {
	var log bytes.Buffer
	app := panther.New(panther.Config{Logger: slog.New(slog.NewTextHandler(&log, nil)), URLs: panther.URLs{
		"x": panther.API{Input: NoteIn{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[Range](r), nil }},
	}})
	panthertest.New(t, app).Post("/x", map[string]string{"title": "a"}).WantStatus(500)
	if got := log.String(); !strings.Contains(got, "Input[panther_test.Range]") || !strings.Contains(got, "declares Input panther_test.NoteIn") || strings.Contains(got, "panic") {
		t.Errorf("log does not name the types, or a panic is logged: %s", log.String())
	}
}

func TestInputRegistrationErrors(t *testing.T) {
	for name, api := range map[string]panther.API{
		"not a struct":         {Input: 5, Handler: methodName},
		"Output not a struct":  {Output: "x", Handler: methodName},
		"Status not a success": {Output: NoteIn{}, Status: 99, Handler: methodName},
		"204 with an Output":   {Output: NoteIn{}, Status: 204, Handler: methodName},
		"body fields on GET":   {Get: panther.Operation{Input: NoteIn{}, Handler: methodName}},
		"Handler and Get":      {Handler: methodName, Get: panther.Operation{Handler: methodName}},
		"no handler":           {Get: panther.Operation{Input: NoteIn{}}},
		"Methods with Get":     {Methods: []string{"GET"}, Get: panther.Operation{Handler: methodName}},
	} {
		t.Run(name, func(t *testing.T) {
			got := panicMessage(func() { panther.New(panther.Config{URLs: panther.URLs{"x": api}}) })
			if !strings.HasPrefix(got, `panther: route "x/": `) {
				t.Errorf("panic %q", got)
			}
		})
	}
}

// Upload binds form fields and files into one struct.
type Upload struct {
	Title  string          `form:"title" validate:"required"`
	Count  int             `form:"count" validate:"gte=0"`
	Public bool            `form:"public"`
	When   *time.Time      `form:"when"`
	Tags   []string        `form:"tag" validate:"max=3"`
	Doc    *panther.File   `form:"doc"`
	Extra  []*panther.File `form:"extra"`
	Avatar *panther.Image  `form:"avatar"`
}

func uploadApp(t *testing.T, dir string) *panthertest.Client {
	return panthertest.New(t, panther.New(panther.Config{URLs: panther.URLs{
		"upload": panther.API{Input: Upload{}, Handler: func(r *panther.Request) (any, error) {
			in := panther.Input[Upload](r)
			out := map[string]any{"title": in.Title, "count": in.Count, "public": in.Public, "tags": in.Tags}
			if in.When != nil {
				out["when"] = in.When.UTC().Format(time.RFC3339)
			}
			if in.Doc != nil {
				path, err := in.Doc.Save(dir)
				if err != nil {
					return nil, err
				}
				out["doc"] = fmt.Sprintf("%s %s %d -> %s", in.Doc.Name, in.Doc.ContentType, in.Doc.Size, filepath.Base(path))
			}
			out["extra"] = len(in.Extra)
			if in.Avatar != nil {
				out["avatar"] = in.Avatar.Name
			}
			return out, nil
		}},
	}}))
}

func TestFormURLEncoded(t *testing.T) {
	c := uploadApp(t, t.TempDir())
	form := c.WithHeader("Content-Type", "application/x-www-form-urlencoded")
	form.Post("/upload", "title=Hi&count=3&public=on&tag=a&tag=b&when=2026-01-02T03:04:05Z").WantStatus(200).
		WantBody(`{"count":3,"extra":0,"public":true,"tags":["a","b"],"title":"Hi","when":"2026-01-02T03:04:05Z"}`)
	form.Post("/upload", "count=x&public=maybe&title=a").WantStatus(400).
		WantBody(`{"count":"must be an integer","public":"must be a boolean"}`)
	form.Post("/upload", "count=1").WantStatus(400).WantBody(`{"title":"is required"}`)
	form.Post("/upload", "title=a&tag=1&tag=2&tag=3&tag=4").WantStatus(400).WantBody(`{"tag":"must have at most 3 items"}`)
}

func TestMultipart(t *testing.T) {
	dir := t.TempDir()
	c := uploadApp(t, dir)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	body, ct := multipartBody(t, map[string]string{"title": "Report", "count": "2"}, []part{
		{"doc", "../../etc/passwd", "text/plain", []byte("secret")},
		{"extra", "a.txt", "text/plain", []byte("a")},
		{"extra", "b.txt", "text/plain", []byte("b")},
		{"avatar", "me.png", "image/png", png},
	})
	c.WithHeader("Content-Type", ct).Post("/upload", body).WantStatus(200).
		WantBody(`{"avatar":"me.png","count":2,"doc":"passwd text/plain 6 -> passwd","extra":2,"public":false,"tags":null,"title":"Report"}`)
	if got, err := os.ReadFile(filepath.Join(dir, "passwd")); err != nil || string(got) != "secret" {
		t.Errorf("saved file: %q, %v", got, err)
	}
	// The same name again is not overwritten; a Windows-style path (which
	// mime/multipart leaves whole on Unix) is cut to its last element.
	body, ct = multipartBody(t, map[string]string{"title": "Again"}, []part{{"doc", `..\..\passwd`, "text/plain", []byte("2")}})
	c.WithHeader("Content-Type", ct).Post("/upload", body).WantStatus(200)
	if got, err := os.ReadFile(filepath.Join(dir, "passwd-1")); err != nil || string(got) != "2" {
		t.Errorf("second save: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() == "passwd" {
			t.Error("a file escaped the target directory")
		}
	}
	// An "image" that is not one is 415, whatever the client claims.
	body, ct = multipartBody(t, map[string]string{"title": "x"}, []part{{"avatar", "me.png", "image/png", []byte("just text")}})
	c.WithHeader("Content-Type", ct).Post("/upload", body).WantStatus(415).
		WantBody(`{"detail":"text/plain; charset=utf-8 is not a valid image"}`)
	// A broken multipart body is a 400.
	c.WithHeader("Content-Type", "multipart/form-data; boundary=x").Post("/upload", "--x\r\nnope").WantStatus(400).
		WantBody(`{"detail":"Malformed multipart body"}`)
}

type part struct {
	field, filename, contentType string
	data                         []byte
}

func multipartBody(t *testing.T, fields map[string]string, files []part) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for _, p := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.field, p.filename))
		h.Set("Content-Type", p.contentType)
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.data)
	}
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// Uploads describe themselves as binary strings in the JSON Schema the
// OpenAPI document is built from.
func TestUploadSchema(t *testing.T) {
	b, err := json.Marshal(schema.For[Upload]())
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{`"contentMediaType":"application/octet-stream"`, `"contentMediaType":"image/*"`} {
		if !strings.Contains(got, want) {
			t.Errorf("schema of Upload lacks %s:\n%s", want, got)
		}
	}
}
