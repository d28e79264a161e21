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
	app := panther.New(panther.Config{Authentication: auth, Throttling: limit, URLs: panther.URLs{
		"":            panther.API{Methods: []string{"GET"}, Handler: methodName},
		"notes/":      panther.API{Methods: []string{"POST", "GET"}, Auth: panther.AuthRequired, Input: NoteIn{}, Output: userOut{}, Docs: panther.Docs{Summary: "Notes", Tags: []string{"notes"}}, Handler: methodName},
		"notes/<id>/": &noteAPI{GenericAPI: panther.GenericAPI{Cache: time.Minute, Throttling: &panther.Throttle{}}},
		"reserved/":   panther.URLs{},
		"s/":          panther.API{Input: StrictIn{}, MaxBodyBytes: 10, OutputSchema: &panther.OutputSchema{Model: []NoteIn{}, StatusCode: 201}, Handler: methodName},
	}})
	got := app.Routes()
	want := []panther.RouteInfo{
		{Pattern: "/", Path: "/", Methods: []string{"GET"}, Throttle: limit},
		{Pattern: "notes/", Path: "/notes/", Methods: []string{"GET", "POST"}, Auth: panther.AuthRequired, Authenticator: auth, Throttle: limit,
			Input: reflect.TypeFor[NoteIn](), MaxBodyBytes: 1 << 20, Output: reflect.TypeFor[userOut](), Docs: panther.Docs{Summary: "Notes", Tags: []string{"notes"}}},
		{Pattern: "notes/<id>/", Path: "/notes/{id}/", PathVars: []string{"id"}, Methods: []string{"GET", "PUT"}, Cache: time.Minute},
		{Pattern: "s/", Path: "/s/", Methods: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}, Throttle: limit,
			Input: reflect.TypeFor[StrictIn](), StrictInput: true, MaxBodyBytes: 10, OutputSchema: &panther.OutputSchema{Model: []NoteIn{}, StatusCode: 201}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d routes, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		// Functions compare by presence only.
		if (g.Authenticator == nil) != (w.Authenticator == nil) {
			t.Errorf("%s: authenticator %v, want %v", w.Pattern, g.Authenticator, w.Authenticator)
		}
		g.Authenticator, w.Authenticator = nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Errorf("route %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}
