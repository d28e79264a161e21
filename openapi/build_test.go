package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
)

func ok(*panther.Request) (any, error) { return nil, nil }

// build describes an app of urls, with paths as declared (TestPathsAndMeta
// checks the default, without the trailing slash).
func build(t *testing.T, cfg panther.Config) *openapi.Document {
	t.Helper()
	doc, err := openapi.Build(panther.New(cfg), openapi.Config{TrailingSlash: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// marshal is the document's JSON, which must be a valid OpenAPI 3.1
// document to kin-openapi.
func marshal(t *testing.T, doc *openapi.Document) []byte {
	t.Helper()
	body, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v\n%s", err, body)
	}
	if err := loaded.Validate(context.Background()); err != nil {
		t.Fatalf("kin-openapi finds the document invalid: %v\n%s", err, body)
	}
	return body
}

// at is the JSON of what path, a dotted path into the document, names.
func at(t *testing.T, doc *openapi.Document, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(marshal(t, doc), &v); err != nil {
		t.Fatal(err)
	}
	for _, key := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[strings.ReplaceAll(key, "~", ".")] // "~" stands for a dot inside a key
	}
	if v == nil {
		return ""
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func keys[M ~map[string]V, V any](m M) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type NoteIn struct {
	Title string `json:"title" validate:"required,max=100"`
}

type Note struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

func TestOperations(t *testing.T) {
	doc := build(t, panther.Config{URLs: panther.URLs{
		"":                                 panther.API{Methods: []string{http.MethodGet}, Handler: ok},
		"notes/":                           panther.API{Methods: []string{http.MethodGet, http.MethodPost}, Handler: ok},
		"notes/<id>/":                      panther.API{Methods: []string{http.MethodDelete, http.MethodGet}, Handler: ok},
		"a-b/":                             panther.API{Methods: []string{http.MethodGet}, Handler: ok},
		"a/b/":                             panther.API{Methods: []string{http.MethodGet}, Handler: ok},
		"users/<user_id>/notes/<note_id>/": panther.API{Methods: []string{http.MethodPatch}, Handler: ok},
		"hidden/":                          panther.API{Handler: ok, Docs: panther.Docs{Hidden: true}},
	}})
	if got, want := keys(doc.Paths), []string{"/", "/a-b/", "/a/b/", "/notes/", "/notes/{id}/", "/users/{user_id}/notes/{note_id}/"}; !slices.Equal(got, want) {
		t.Errorf("paths %v, want %v", got, want)
	}
	for _, tc := range []struct {
		op   *openapi.Operation
		want string
	}{
		{doc.Paths["/"].Get, "getRoot"},
		{doc.Paths["/notes/"].Get, "getNotes"},
		{doc.Paths["/notes/"].Post, "postNotes"},
		{doc.Paths["/notes/{id}/"].Get, "getNotesId"},
		{doc.Paths["/notes/{id}/"].Delete, "deleteNotesId"},
		{doc.Paths["/a-b/"].Get, "getAB"},
		{doc.Paths["/a/b/"].Get, "getAB2"}, // routes come sorted: the suffix is stable
		{doc.Paths["/users/{user_id}/notes/{note_id}/"].Patch, "patchUsersUserIdNotesNoteId"},
	} {
		if tc.op == nil {
			t.Errorf("%s: no operation", tc.want)
		} else if tc.op.OperationID != tc.want {
			t.Errorf("operationId %q, want %q", tc.op.OperationID, tc.want)
		}
	}
	if item := doc.Paths["/notes/"]; item.Put != nil || item.Patch != nil || item.Delete != nil {
		t.Error("/notes/ lists methods it does not declare")
	}
	if got, want := at(t, doc, "paths./users/{user_id}/notes/{note_id}/.parameters"),
		`[{"in":"path","name":"user_id","required":true,"schema":{"type":"string"}},{"in":"path","name":"note_id","required":true,"schema":{"type":"string"}}]`; got != want {
		t.Errorf("parameters %s, want %s", got, want)
	}
}

type noteAPI struct{ panther.API }

func (noteAPI) Get(*panther.Request) (any, error)    { return nil, nil }
func (noteAPI) Delete(*panther.Request) (any, error) { return nil, nil }

func TestStructAPIMethodsAndDocs(t *testing.T) {
	doc := build(t, panther.Config{URLs: panther.URLs{
		"notes/<id>/": noteAPI{panther.API{Docs: panther.Docs{Summary: "One note", Description: "By *id*.", Tags: []string{"notes"}, Deprecated: true}}},
	}})
	item := doc.Paths["/notes/{id}/"]
	if item.Get == nil || item.Delete == nil || item.Post != nil || item.Put != nil || item.Patch != nil {
		t.Fatalf("operations %+v, want GET and DELETE", item)
	}
	for _, op := range []*openapi.Operation{item.Get, item.Delete} {
		if op.Summary != "One note" || op.Description != "By *id*.\n\nOpen to anyone." || !slices.Equal(op.Tags, []string{"notes"}) || !op.Deprecated {
			t.Errorf("%s: %+v, want the Docs", op.OperationID, op)
		}
	}
}

type strictIn struct {
	Name string `json:"name"`
}

func (strictIn) DisallowUnknownFields() bool { return true }

type FormIn struct {
	Title string `json:"title" form:"note_title"`
	Body  string `json:"body"`
}

func TestRequestBodies(t *testing.T) {
	doc := build(t, panther.Config{MaxBodyBytes: 512 << 10, URLs: panther.URLs{
		"notes/":  panther.API{Input: NoteIn{}, Handler: ok},
		"strict/": panther.API{Methods: []string{http.MethodPut}, Input: strictIn{}, MaxBodyBytes: 1000, Handler: ok},
		"form/":   panther.API{Methods: []string{http.MethodPost}, Input: FormIn{}, Handler: ok},
		"covers/": panther.API{Methods: []string{http.MethodPost}, Input: CoverIn{}, Handler: ok},
	}})
	// An upload comes as multipart only.
	if got := at(t, doc, "paths./covers/.post.requestBody.content"); got != `{"multipart/form-data":{"schema":{"$ref":"#/components/schemas/CoverIn"}}}` {
		t.Errorf("an upload's body: %s, want multipart/form-data only", got)
	}
	if got := at(t, doc, "components.schemas.CoverIn.properties.cover"); got != `{"contentMediaType":"image/*","type":"string"}` {
		t.Errorf("the image field: %s", got)
	}
	for _, m := range []string{"post", "put", "patch"} {
		if got, want := at(t, doc, "paths./notes/."+m+".requestBody"),
			`{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/NoteIn"}},"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/NoteIn"}},"multipart/form-data":{"schema":{"$ref":"#/components/schemas/NoteIn"}}},"description":"At most 512 KiB.","required":true}`; got != want {
			t.Errorf("%s /notes/: requestBody %s, want %s", m, got, want)
		}
	}
	for _, m := range []string{"get", "delete"} {
		if got := at(t, doc, "paths./notes/."+m+".requestBody"); got != "" {
			t.Errorf("%s /notes/ has a request body: %s", m, got)
		}
	}
	if got, want := at(t, doc, "paths./strict/.put.requestBody.content.application/json"),
		`{"schema":{"$ref":"#/components/schemas/strictIn","unevaluatedProperties":false}}`; got != want {
		t.Errorf("strict JSON body %s, want %s", got, want)
	}
	if got := at(t, doc, "paths./strict/.put.requestBody.content.multipart/form-data"); strings.Contains(got, "unevaluated") {
		t.Errorf("a form body is strict: %s; forms ignore unknown fields", got)
	}
	if got, want := at(t, doc, "paths./strict/.put.requestBody.description"), `"At most 1000 bytes."`; got != want {
		t.Errorf("description %s, want %s", got, want)
	}
	// A `form` tag renames the field in forms only.
	if got, want := at(t, doc, "paths./form/.post.requestBody.content.application/json.schema"), `{"$ref":"#/components/schemas/FormIn"}`; got != want {
		t.Errorf("JSON schema %s, want %s", got, want)
	}
	if got, want := at(t, doc, "paths./form/.post.requestBody.content.multipart/form-data.schema"), `{"$ref":"#/components/schemas/FormIn.form"}`; got != want {
		t.Errorf("form schema %s, want %s", got, want)
	}
	if got := at(t, doc, "components.schemas.FormIn~form.properties"); !strings.Contains(got, `"note_title"`) {
		t.Errorf("FormIn.form properties %s, want note_title", got)
	}
	if got := at(t, doc, "components.schemas.NoteIn~form"); got != "" {
		t.Errorf("NoteIn reads the same in forms, yet has a form schema: %s", got)
	}
}

// CoverIn uploads an image.
type CoverIn struct {
	Title string         `form:"title" validate:"required"`
	Cover *panther.Image `form:"cover" validate:"required"`
}

type Page[T any] struct {
	Items []T `json:"items"`
}

func TestSuccessResponses(t *testing.T) {
	doc := build(t, panther.Config{URLs: panther.URLs{
		"any/":      panther.API{Methods: []string{http.MethodGet}, Handler: ok},
		"output/":   panther.API{Methods: []string{http.MethodGet}, Output: Note{}, Handler: ok},
		"created/":  panther.API{Methods: []string{http.MethodPost}, Output: Note{}, Status: http.StatusCreated, Handler: ok},
		"list/":     panther.API{Methods: []string{http.MethodGet}, Output: []Note{}, Handler: ok},
		"page/":     panther.API{Methods: []string{http.MethodGet}, Output: Page[Note]{}, Handler: ok},
		"gone/":     panther.API{Methods: []string{http.MethodDelete}, Status: http.StatusNoContent, Handler: ok},
		"empty/":    panther.API{Methods: []string{http.MethodPost}, Output: panther.Empty{}, Handler: ok},
		"html/":     panther.API{Methods: []string{http.MethodGet}, Output: panther.Media("text/html; charset=utf-8"), Handler: ok},
		"png/":      panther.API{Methods: []string{http.MethodGet}, Output: panther.Media("image/png"), Handler: ok},
		"text/":     panther.API{Get: panther.Typed(func(*panther.Request, struct{}) (panther.Text, error) { return "pong", nil })},
		"htmlpage/": panther.API{Get: panther.Typed(func(*panther.Request, struct{}) (panther.HTML, error) { return "<p>", nil })},
		"declared/": panther.API{Methods: []string{http.MethodGet}, Output: panther.Text(""), Handler: ok},
	}})
	for _, tc := range []struct{ path, want string }{
		{"paths./any/.get.responses.200", `{"content":{"application/json":{"schema":{}}},"description":"OK"}`},
		{"paths./output/.get.responses.200", `{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Note"}}},"description":"OK"}`},
		{"paths./created/.post.responses.201", `{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Note"}}},"description":"Created"}`},
		{"paths./list/.get.responses.200.content.application/json.schema", `{"items":{"$ref":"#/components/schemas/Note"},"type":"array"}`},
		{"paths./page/.get.responses.200.content.application/json.schema", `{"$ref":"#/components/schemas/Page_Note"}`},
		{"paths./gone/.delete.responses.204", `{"description":"No Content"}`},
		{"paths./empty/.post.responses.200", `{"description":"OK"}`}, // panther.Empty: no body
		{"paths./html/.get.responses.200.content", `{"text/html; charset=utf-8":{"schema":{"type":"string"}}}`},
		{"paths./png/.get.responses.200.content", `{"image/png":{"schema":{"contentMediaType":"image/png","type":"string"}}}`},
		{"paths./text/.get.responses.200.content", `{"text/plain; charset=utf-8":{"schema":{"type":"string"}}}`},
		{"paths./htmlpage/.get.responses.200.content", `{"text/html; charset=utf-8":{"schema":{"type":"string"}}}`},
		{"paths./declared/.get.responses.200.content", `{"text/plain; charset=utf-8":{"schema":{"type":"string"}}}`},
		{"paths./any/.get.responses.500", `{"$ref":"#/components/responses/InternalServerError"}`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
	if got := keys(doc.Paths["/any/"].Get.Responses); !slices.Equal(got, []string{"200", "500"}) {
		t.Errorf("a plain GET lists responses %v, want 200 and 500", got)
	}
}

// scheme is an authenticator that describes itself.
type scheme struct{ schemes []panther.SecurityScheme }

func (scheme) Authenticate(*panther.Request) (panther.User, error) { return nil, nil }
func (s scheme) SecuritySchemes() []panther.SecurityScheme         { return s.schemes }

func TestImpliedResponses(t *testing.T) {
	deny := panther.PermissionFunc(func(*panther.Request) (bool, error) { return false, nil })
	doc := build(t, panther.Config{
		Authenticator: panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return nil, nil }),
		URLs: panther.URLs{
			"input/":     panther.API{Methods: []string{http.MethodGet, http.MethodPost}, Input: NoteIn{}, Handler: ok},
			"auth/<id>/": panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthRequired, Permissions: []panther.Permission{deny}, Handler: ok},
			"limited/":   panther.API{Methods: []string{http.MethodGet}, Throttle: &panther.Throttle{Rate: 3, Duration: time.Minute}, Handler: ok},
			"cached/":    panther.API{Methods: []string{http.MethodGet, http.MethodPost}, Cache: time.Second, Handler: ok},
			"optional/":  panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthOptional, Handler: ok},
		},
	})
	for _, tc := range []struct {
		op   *openapi.Operation
		want []string
	}{
		{doc.Paths["/input/"].Post, []string{"200", "400", "413", "415", "422", "500"}},
		{doc.Paths["/input/"].Get, []string{"200", "500"}},
		{doc.Paths["/auth/{id}/"].Get, []string{"200", "400", "401", "403", "404", "500"}}, // 400: a handler's PathInt
		{doc.Paths["/limited/"].Get, []string{"200", "429", "500"}},
	} {
		if got := keys(tc.op.Responses); !slices.Equal(got, tc.want) {
			t.Errorf("%s: responses %v, want %v", tc.op.OperationID, got, tc.want)
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"paths./limited/.get.responses.200.headers", `{"X-RateLimit-Limit":{"$ref":"#/components/headers/X-RateLimit-Limit"},"X-RateLimit-Remaining":{"$ref":"#/components/headers/X-RateLimit-Remaining"},"X-RateLimit-Reset":{"$ref":"#/components/headers/X-RateLimit-Reset"}}`},
		{"paths./cached/.get.responses.200.headers", `{"X-Cache":{"$ref":"#/components/headers/X-Cache"}}`},
		{"paths./cached/.post.responses.200.headers", ``},
		{"paths./auth/{id}/.get.security", `[{"bearer":[]}]`},
		{"paths./optional/.get.security", `[{"bearer":[]},{}]`}, // anonymous requests pass too
		{"components.securitySchemes", `{"bearer":{"scheme":"bearer","type":"http"}}`},
		{"components.responses.BadRequest.content.application/json.schema", `{"anyOf":[{"$ref":"#/components/schemas/ValidationError"},{"$ref":"#/components/schemas/Detail"}]}`},
		{"components.schemas.ValidationError.additionalProperties", `{"type":"string"}`},
		{"components.responses.Unauthorized.headers", `{"WWW-Authenticate":{"$ref":"#/components/headers/WWW-Authenticate"}}`},
		{"components.responses.TooManyRequests.headers.Retry-After", `{"$ref":"#/components/headers/Retry-After"}`},
		{"components.headers.X-Cache.schema", `{"enum":["HIT","MISS","BYPASS"],"type":"string"}`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
	if got := at(t, doc, "paths./input/.post.security"); got != "[]" {
		t.Errorf("an API without Auth, in a document with security: security %s, want [] (none needed)", got)
	}
}

func TestSecuritySchemes(t *testing.T) {
	jwtLike := scheme{[]panther.SecurityScheme{
		{Name: "bearer", Type: "http", Scheme: "bearer", BearerFormat: "JWT"},
		{Name: "cookie", Type: "apiKey", In: "cookie", Param: "access_token"},
	}}
	doc := build(t, panther.Config{
		Authenticator: jwtLike,
		URLs: panther.URLs{
			"a/": panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthRequired, Handler: ok},
			"b/": panther.API{Methods: []string{http.MethodGet}, Authenticator: panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return nil, nil }), Handler: ok},
			"c/": panther.API{Methods: []string{http.MethodGet}, Authenticator: scheme{[]panther.SecurityScheme{{Type: "apiKey", In: "header", Param: "X-API-Key"}}}, Handler: ok},
		},
	})
	for _, tc := range []struct{ path, want string }{
		{"paths./a/.get.security", `[{"bearer":[]},{"cookie":[]}]`},
		{"paths./b/.get.security", `[{"bearer2":[]}]`}, // a generic bearer, not the JWT one
		{"paths./c/.get.security", `[{"X-API-Key":[]}]`},
		{"components.securitySchemes", `{"X-API-Key":{"in":"header","name":"X-API-Key","type":"apiKey"},"bearer":{"bearerFormat":"JWT","scheme":"bearer","type":"http"},"bearer2":{"scheme":"bearer","type":"http"},"cookie":{"in":"cookie","name":"access_token","type":"apiKey"}}`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
}

// A body type named like one of the error schemas keeps its name; the
// error schema moves aside.
type Detail struct {
	Text string `json:"text"`
}

func TestErrorSchemaNames(t *testing.T) {
	doc := build(t, panther.Config{URLs: panther.URLs{
		"d/": panther.API{Methods: []string{http.MethodGet}, Output: Detail{}, Handler: ok},
	}})
	if got := keys(doc.Components.Schemas); !slices.Equal(got, []string{"Detail", "panther.Detail"}) {
		t.Errorf("schemas %v, want Detail and panther.Detail", got)
	}
	if got, want := at(t, doc, "components.responses.InternalServerError.content.application/json.schema"), `{"$ref":"#/components/schemas/panther.Detail"}`; got != want {
		t.Errorf("500 body %s, want %s", got, want)
	}
}

func TestInfoAndDeterminism(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"b/": panther.API{Input: NoteIn{}, Output: Note{}, Handler: ok},
		"a/": panther.API{Input: FormIn{}, Handler: ok},
	}})
	cfg := openapi.Config{Title: "Notes", Version: "2.1.0", Description: "Notes, kept.", Servers: []openapi.Server{{URL: "https://api.example.com"}}}
	first, err := openapi.Build(app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	body := marshal(t, first)
	for range 5 {
		again, _ := openapi.Build(app, cfg)
		if b := marshal(t, again); !bytes.Equal(b, body) {
			t.Fatal("two builds of one app differ")
		}
	}
	if got, want := at(t, first, "info"), `{"description":"Notes, kept.","title":"Notes","version":"2.1.0"}`; got != want {
		t.Errorf("info %s, want %s", got, want)
	}
	if got, want := at(t, first, "servers"), `[{"url":"https://api.example.com"}]`; got != want {
		t.Errorf("servers %s, want %s", got, want)
	}
	empty, _ := openapi.Build(panther.New(panther.Config{}), openapi.Config{})
	if got, want := string(marshal(t, empty)), "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\n    \"title\": \"API\",\n    \"version\": \"1.0.0\"\n  },\n  \"paths\": {}\n}\n"; got != want {
		t.Errorf("an empty app's document:\n%s\nwant:\n%s", got, want)
	}
}

// A body type the document cannot describe fails at registration, with a
// panther: message, never at the first GET of the document.
func TestRegistrationFailsForATypeWithoutJSON(t *testing.T) {
	app := panther.New(panther.Config{})
	defer app.Close()
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		app.Handle("m/", panther.API{Get: panther.Typed(func(*panther.Request, struct{}) (map[[2]int]string, error) { return nil, nil })})
		return ""
	}()
	if !strings.HasPrefix(msg, `panther: route "m/": GET Operation Output map[[2]int]string cannot be described as JSON`) || !strings.Contains(msg, "map keys") {
		t.Errorf("panic %q", msg)
	}
}

// Each Operation is documented with its own output, status and errors;
// the API's Docs.Errors apply to every method.
func TestPerMethodOutputsAndErrors(t *testing.T) {
	doc := build(t, panther.Config{URLs: panther.URLs{
		"notes/": panther.API{
			Output: Note{},
			Docs:   panther.Docs{Errors: []int{http.StatusUnauthorized}},
			Get:    panther.Typed(func(*panther.Request, struct{}) ([]Note, error) { return nil, nil }),
			Post:   panther.Operation{Handler: ok, Status: http.StatusCreated, Docs: panther.Docs{Errors: []int{http.StatusConflict}}},
			Delete: panther.Operation{Handler: ok, Status: http.StatusNoContent},
		},
	}})
	for _, tc := range []struct{ path, want string }{
		{"paths./notes/.get.responses.200.content.application/json.schema", `{"items":{"$ref":"#/components/schemas/Note"},"type":"array"}`},
		{"paths./notes/.post.responses.201.content.application/json.schema", `{"$ref":"#/components/schemas/Note"}`},
		{"paths./notes/.delete.responses.204", `{"description":"No Content"}`},
		{"paths./notes/.post.responses.409", `{"$ref":"#/components/responses/Conflict"}`},
		{"paths./notes/.get.responses.409", ``},
		{"paths./notes/.get.responses.401", `{"$ref":"#/components/responses/Unauthorized"}`},
		{"components.responses.Conflict.description", `"Conflict."`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
}

// Typed parameters are documented with their types, rules and defaults;
// a parameter-only GET has no body and answers 400 but not 415.
func TestTypedParameters(t *testing.T) {
	type query struct {
		ID     int64     `path:"id" doc:"the board"`
		Limit  int       `query:"limit" default:"20" validate:"min=1,max=100"`
		Tags   []string  `query:"tag" validate:"max=3"`
		Since  time.Time `query:"since"`
		Tenant string    `header:"X-Tenant" validate:"required"`
		Theme  *string   `cookie:"theme" validate:"omitempty,oneof=dark light"`
	}
	type body struct {
		ID    int64  `path:"id"`
		Title string `json:"title" validate:"required"`
	}
	doc := build(t, panther.Config{URLs: panther.URLs{
		"boards/<id>/": panther.API{
			Get:  panther.Typed(func(*panther.Request, query) ([]Note, error) { return nil, nil }),
			Post: panther.Typed(func(*panther.Request, body) (Note, error) { return Note{}, nil }).WithStatus(http.StatusCreated),
		},
	}})
	for _, tc := range []struct{ path, want string }{
		{"paths./boards/{id}/.get.parameters", `[` +
			`{"description":"the board","in":"path","name":"id","required":true,"schema":{"description":"the board","format":"int64","type":"integer"}},` +
			`{"in":"query","name":"limit","required":false,"schema":{"default":20,"maximum":100,"minimum":1,"type":"integer"}},` +
			`{"in":"query","name":"tag","required":false,"schema":{"items":{"type":"string"},"maxItems":3,"type":"array"}},` +
			`{"in":"query","name":"since","required":false,"schema":{"format":"date-time","type":"string"}},` +
			`{"in":"header","name":"X-Tenant","required":true,"schema":{"minLength":1,"type":"string"}},` +
			`{"in":"cookie","name":"theme","required":false,"schema":{"enum":["dark","light"],"type":"string"}}]`},
		{"paths./boards/{id}/.get.requestBody", ``},
		{"paths./boards/{id}/.get.responses.400", `{"$ref":"#/components/responses/BadRequest"}`},
		{"paths./boards/{id}/.get.responses.415", ``},
		{"paths./boards/{id}/.get.responses.200.content.application/json.schema", `{"items":{"$ref":"#/components/schemas/Note"},"type":"array"}`},
		{"paths./boards/{id}/.post.requestBody.content.application/json.schema.$ref", `"#/components/schemas/body"`},
		{"components.schemas.body", `{"properties":{"title":{"minLength":1,"type":"string"}},"required":["title"],"type":"object"}`},
		{"paths./boards/{id}/.post.responses.201.content.application/json.schema", `{"$ref":"#/components/schemas/Note"}`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.path, got, tc.want)
		}
	}
}

// By default paths lose their trailing slash, as linters want; every tag
// used is listed, Config.Tags first with their descriptions; an untagged
// operation is tagged by its path; summaries and descriptions say what
// the declaration does when the API does not; and in a document with
// security a public operation says it needs none.
func TestPathsAndMeta(t *testing.T) {
	deny := panther.PermissionFunc(func(*panther.Request) (bool, error) { return false, nil })
	app := panther.New(panther.Config{
		Authenticator: panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return nil, nil }),
		URLs: panther.URLs{
			"":               panther.API{Methods: []string{http.MethodGet}, Handler: ok},
			"notes/<id>/":    panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthRequired, Permissions: []panther.Permission{deny}, Throttle: &panther.Throttle{Rate: 5, Duration: 10 * time.Second}, Cache: time.Minute, Handler: ok, Docs: panther.Docs{Tags: []string{"notes"}, Description: "One note."}},
			"public/things/": panther.API{Methods: []string{http.MethodPost}, Input: NoteIn{}, Handler: ok},
		},
	})
	doc, err := openapi.Build(app, openapi.Config{
		Contact: &openapi.Contact{Name: "Us", Email: "us@example.com"},
		License: &openapi.License{Name: "MIT", Identifier: "MIT"},
		Tags:    []openapi.Tag{{Name: "notes", Description: "The notes."}},
		Servers: []openapi.Server{{URL: "/"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(doc.Paths); !slices.Equal(got, []string{"/", "/notes/{id}", "/public/things"}) {
		t.Errorf("paths %v, want them without the trailing slash", got)
	}
	for _, tc := range []struct{ path, want string }{
		{"info.contact", `{"email":"us@example.com","name":"Us"}`},
		{"info.license", `{"identifier":"MIT","name":"MIT"}`},
		{"tags", `[{"description":"The notes.","name":"notes"},{"name":"public"},{"name":"root"}]`},
		{"paths./public/things.post.tags", `["public"]`},
		{"paths./public/things.post.summary", `"POST /public/things/"`},
		{"paths./public/things.post.description", `"The body may be at most 1 MiB."`},
		{"paths./public/things.post.security", `[]`},
		{"paths./.get.security", `[]`},
		{"paths./.get.description", `"Open to anyone."`},
		{"paths./notes/{id}.get.security", `[{"bearer":[]}]`},
		{"paths./notes/{id}.get.description", `"One note.\n\nNeeds authentication. Permissions, in order: a permission function. Throttled: 5 requests per 10s per client. Answers are cached for 1m0s."`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
	// Without security anywhere, no operation says security: [].
	plain, _ := openapi.Build(panther.New(panther.Config{URLs: panther.URLs{"x/": panther.API{Methods: []string{http.MethodGet}, Handler: ok}}}), openapi.Config{})
	if got := at(t, plain, "paths./x.get.security"); got != "" {
		t.Errorf("security %s in a document without security", got)
	}
}

// A response body's definition requires what is always written; a type
// that is also a request body, where only its rules require, gets a
// definition of its own for responses, Name.output.
func TestOutputDefinitions(t *testing.T) {
	type Memo struct {
		Text string   `json:"text" validate:"required"`
		Tags []string `json:"tags"`
		Note *string  `json:"note,omitempty"`
	}
	doc := build(t, panther.Config{URLs: panther.URLs{
		"notes/": panther.API{Methods: []string{http.MethodGet}, Output: []Note{}, Handler: ok},
		"memos/": panther.API{Post: panther.Typed(func(_ *panther.Request, m Memo) (Memo, error) { return m, nil })},
	}})
	for _, tc := range []struct{ path, want string }{
		{"components.schemas.Note.required", `["id","title"]`},
		{"components.schemas.Memo.required", `["text"]`},
		{"components.schemas.Memo~output.required", `["text","tags"]`},
		{"paths./memos/.post.requestBody.content.application/json.schema", `{"$ref":"#/components/schemas/Memo"}`},
		{"paths./memos/.post.responses.200.content.application/json.schema", `{"$ref":"#/components/schemas/Memo.output"}`},
	} {
		if got := at(t, doc, tc.path); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
}

// A path variable one method reads typed is documented with that type on
// the path, for the methods that read it untyped too; a throttle that
// fails closed documents its 503.
func TestPathVariableTypesAndFailClosed(t *testing.T) {
	type byID struct {
		ID int64 `path:"id"`
	}
	doc := build(t, panther.Config{URLs: panther.URLs{
		"books/<id>/": panther.API{
			Get:      panther.Operation{Input: byID{}, Handler: ok},
			Put:      panther.Operation{Input: NoteIn{}, Handler: ok},
			Throttle: &panther.Throttle{Rate: 1, Duration: time.Second, FailClosed: true},
		},
	}})
	if got := at(t, doc, "paths./books/{id}/.parameters"); got != `[{"in":"path","name":"id","required":true,"schema":{"format":"int64","type":"integer"}}]` {
		t.Errorf("path parameters %s, want id as an int64", got)
	}
	if got := keys(doc.Paths["/books/{id}/"].Put.Responses); !slices.Contains(got, "503") {
		t.Errorf("PUT responses %v, want 503 for a throttle that fails closed", got)
	}
}
