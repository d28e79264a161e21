package panther_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/panther-go/panther"
)

func TestRoutes(t *testing.T) {
	auth := panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return nil, nil })
	limit := &panther.Throttle{Rate: 1, Duration: time.Second}
	type listQuery struct {
		Limit int `query:"limit" default:"20" validate:"min=1"`
	}
	app := panther.New(panther.Config{Authenticator: auth, Throttle: limit, URLs: panther.URLs{
		"":            panther.API{Methods: []string{"GET"}, Handler: methodName},
		"notes/":      panther.API{Methods: []string{"POST", "GET"}, Auth: panther.AuthRequired, Input: NoteIn{}, Output: userOut{}, Docs: panther.Docs{Summary: "Notes", Tags: []string{"notes"}}, Handler: methodName},
		"notes/<id>/": &noteAPI{API: panther.API{Cache: time.Minute, Throttle: &panther.Throttle{}}},
		"reserved/":   panther.URLs{},
		"s/": panther.API{
			MaxBodyBytes: 10,
			Get:          panther.Typed(func(*panther.Request, listQuery) ([]NoteIn, error) { return nil, nil }),
			Post:         panther.Operation{Input: StrictIn{}, Output: NoteIn{}, Status: 201, Handler: methodName, Docs: panther.Docs{Summary: "Add", Errors: []int{409}}},
		},
	}})
	got := app.Routes()
	limitField, _ := reflect.TypeFor[listQuery]().FieldByName("Limit")
	want := []struct {
		pattern, path string
		vars          []string
		auth          panther.AuthMode
		throttle      *panther.Throttle
		cache         time.Duration
		maxBody       int64
		ops           []panther.OperationInfo
	}{
		{"/", "/", nil, panther.NoAuth, limit, 0, 1 << 20, []panther.OperationInfo{{Method: "GET", Status: 200}}},
		{"notes/", "/notes/", nil, panther.AuthRequired, limit, 0, 1 << 20, []panther.OperationInfo{
			{Method: "GET", Status: 200, Output: reflect.TypeFor[userOut](), Docs: panther.Docs{Summary: "Notes", Tags: []string{"notes"}}},
			{Method: "POST", Status: 200, Input: reflect.TypeFor[NoteIn](), Body: true, Output: reflect.TypeFor[userOut](), Docs: panther.Docs{Summary: "Notes", Tags: []string{"notes"}}},
		}},
		{"notes/<id>/", "/notes/{id}/", []string{"id"}, panther.NoAuth, nil, time.Minute, 1 << 20, []panther.OperationInfo{{Method: "GET", Status: 200}, {Method: "PUT", Status: 200}}},
		{"s/", "/s/", nil, panther.NoAuth, limit, 0, 10, []panther.OperationInfo{
			{Method: "GET", Status: 200, Input: reflect.TypeFor[listQuery](), Output: reflect.TypeFor[[]NoteIn](),
				Params: []panther.ParamInfo{{Name: "limit", In: "query", Field: limitField, Default: "20", HasDefault: true}}},
			{Method: "POST", Status: 201, Input: reflect.TypeFor[StrictIn](), StrictInput: true, Body: true, Output: reflect.TypeFor[NoteIn](), Docs: panther.Docs{Summary: "Add", Errors: []int{409}}},
		}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d routes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Pattern != w.pattern || g.Path != w.path || !reflect.DeepEqual(g.PathVars, w.vars) {
			t.Errorf("route %d: %q %q %v, want %q %q %v", i, g.Pattern, g.Path, g.PathVars, w.pattern, w.path, w.vars)
		}
		if g.API.Auth != w.auth || g.API.Throttle != w.throttle || g.API.Cache != w.cache || g.API.MaxBodyBytes != w.maxBody {
			t.Errorf("%s: auth %v throttle %v cache %v max body %d, want %v %v %v %d", w.pattern, g.API.Auth, g.API.Throttle, g.API.Cache, g.API.MaxBodyBytes, w.auth, w.throttle, w.cache, w.maxBody)
		}
		if (g.API.Authenticator != nil) != (w.auth != panther.NoAuth) {
			t.Errorf("%s: authenticator %v with Auth %v", w.pattern, g.API.Authenticator, w.auth)
		}
		if !reflect.DeepEqual(normalizeDocs(g.Operations), normalizeDocs(w.ops)) {
			t.Errorf("%s: operations\n got %+v\nwant %+v", w.pattern, g.Operations, w.ops)
		}
	}
}

// normalizeDocs makes empty and nil slices in Docs alike.
func normalizeDocs(ops []panther.OperationInfo) []panther.OperationInfo {
	out := append([]panther.OperationInfo(nil), ops...)
	for i := range out {
		if len(out[i].Docs.Tags) == 0 {
			out[i].Docs.Tags = nil
		}
		if len(out[i].Docs.Errors) == 0 {
			out[i].Docs.Errors = nil
		}
	}
	return out
}
