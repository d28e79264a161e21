package main

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/panther-go/panther"
)

type span struct {
	name   string
	status int64
	events []string
	errors []string // panther.error of each event that has one
}

func record(t *testing.T, serve func(tp trace.TracerProvider) http.Handler, requests func(base string)) []span {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	srv := httptest.NewServer(serve(tp))
	defer srv.Close()
	requests(srv.URL)
	var out []span
	for _, s := range rec.Ended() {
		sp := span{name: s.Name()}
		for _, a := range s.Attributes() {
			switch a.Key {
			case "http.response.status_code":
				sp.status = a.Value.AsInt64()
			}
		}
		for _, e := range s.Events() {
			sp.events = append(sp.events, e.Name)
			for _, a := range e.Attributes {
				if a.Key == attribute.Key("panther.error") {
					sp.errors = append(sp.errors, e.Name+": "+a.Value.AsString())
				}
			}
		}
		out = append(out, sp)
	}
	return out
}

func send(t *testing.T, method, url, body string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

func requests(t *testing.T) func(base string) {
	return func(base string) {
		send(t, "POST", base+"/notes/", `{"text":"hi"}`)
		send(t, "POST", base+"/notes/", `{}`)
		send(t, "GET", base+"/notes/1/", "")
		send(t, "GET", base+"/notes/1/", "")
		send(t, "DELETE", base+"/notes/1/", "")
		send(t, "GET", base+"/nowhere/", "")
	}
}

// want is what the requests make: one span each, named by the route
// pattern, never the raw path, with the steps as events.
var want = []span{
	{name: "POST /notes/", status: 200, events: []string{"method", "throttle", "input", "endpoint"}},
	{name: "POST /notes/", status: 400, events: []string{"method", "throttle", "input"},
		errors: []string{"input: text: is required"}},
	{name: "GET /notes/{id}/", status: 200, events: []string{"method", "cache miss", "input", "endpoint"}},
	{name: "GET /notes/{id}/", status: 200, events: []string{"method", "cache hit"}},
	{name: "DELETE /notes/{id}/", status: 405, events: []string{"method"},
		errors: []string{"method: Method Not Allowed"}},
	{name: "GET", status: 404},
}

func check(t *testing.T, got []span) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d spans; want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name || g.status != w.status || !slices.Equal(g.events, w.events) || !slices.Equal(g.errors, w.errors) {
			t.Errorf("span %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// The app's own way: otelhttp as its outermost middleware.
func TestSpansAsMiddleware(t *testing.T) {
	check(t, record(t, func(tp trace.TracerProvider) http.Handler { return newApp(tp) }, requests(t)))
}

// otelhttp wrapped around the app, as around any http.Handler.
func TestSpansAroundTheApp(t *testing.T) {
	check(t, record(t, func(tp trace.TracerProvider) http.Handler {
		notes := &noteStore{byID: map[int64]Note{}}
		app := panther.New(panther.Config{URLs: panther.URLs{
			"notes/":      panther.API{Throttle: &panther.Throttle{Rate: 100, Duration: 60e9}, Post: panther.Typed(notes.create)},
			"notes/<id>/": panther.API{Cache: 60e9, Get: panther.Typed(notes.get)},
		}})
		app.Observe(StepEvents())
		return otelhttp.NewHandler(app, "notes", otelhttp.WithTracerProvider(tp))
	}, requests(t)))
}
