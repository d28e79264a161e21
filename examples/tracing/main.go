// Command tracing serves a small Panther app under OpenTelemetry's
// otelhttp, as it is: each request is a span named by its route pattern
// ("POST /notes/", "GET /notes/{id}/"), with the pipeline's steps as its
// events (method, authentication, permissions, throttle, input, the cache's
// hit or miss, endpoint) and a refusal's reason on the step that refused.
//
//	go run ./examples/tracing
//	curl -s --json '{"text":"hi"}' http://127.0.0.1:8000/notes/
//
// prints each finished span on stdout. A real deployment exports to a
// collector instead (go.opentelemetry.io/otel/exporters/otlp/otlptrace).
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/panther-go/panther"
)

func main() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(&printer{w: os.Stdout}))
	defer tp.Shutdown(context.Background())
	if err := newApp(tp).ListenAndServe("127.0.0.1:8000"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// newApp is the app with otelhttp as its outermost middleware, so it is
// served with Panther's own server and its timeouts; wrapping the app,
// otelhttp.NewHandler(app, "notes"), names the spans the same way.
func newApp(tp trace.TracerProvider) *panther.App {
	notes := &noteStore{byID: map[int64]Note{}}
	app := panther.New(panther.Config{
		Middlewares: []panther.Middleware{otelhttp.NewMiddleware("notes", otelhttp.WithTracerProvider(tp))},
		URLs: panther.URLs{
			"notes/": panther.API{
				Throttle: &panther.Throttle{Rate: 100, Duration: time.Minute},
				Post:     panther.Typed(notes.create),
			},
			"notes/<id>/": panther.API{
				Cache: time.Minute,
				Get:   panther.Typed(notes.get),
			},
		},
	})
	app.Observe(StepEvents())
	return app
}

// StepEvents is an Observer that adds each pipeline step to the request's
// span as an event; a step that refused the request carries the reason
// as panther.error.
func StepEvents() panther.Observer {
	return panther.Observer{Step: func(r *panther.Request, step panther.Step, err error) {
		span := trace.SpanFromContext(r.Context())
		if !span.IsRecording() {
			return
		}
		if err != nil {
			span.AddEvent(step.String(), trace.WithAttributes(attribute.String("panther.error", err.Error())))
			return
		}
		span.AddEvent(step.String())
	}}
}

// Note is a note.
type Note struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// NoteIn is what POST /notes/ takes.
type NoteIn struct {
	Text string `json:"text" validate:"required,max=200"`
}

// NoteID is the path variable of notes/<id>/.
type NoteID struct {
	ID int64 `path:"id"`
}

type noteStore struct {
	mu   sync.Mutex
	last atomic.Int64
	byID map[int64]Note
}

func (s *noteStore) create(_ *panther.Request, in NoteIn) (Note, error) {
	n := Note{ID: s.last.Add(1), Text: in.Text}
	s.mu.Lock()
	s.byID[n.ID] = n
	s.mu.Unlock()
	return n, nil
}

func (s *noteStore) get(_ *panther.Request, in NoteID) (Note, error) {
	s.mu.Lock()
	n, ok := s.byID[in.ID]
	s.mu.Unlock()
	if !ok {
		return Note{}, panther.NewError(http.StatusNotFound, "Note Does Not Exist")
	}
	return n, nil
}

// printer is a span exporter that prints each span on one line: its
// name, status code and events.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range spans {
		var status string
		for _, a := range s.Attributes() {
			if a.Key == "http.response.status_code" {
				status = strconv.FormatInt(a.Value.AsInt64(), 10)
			}
		}
		events := make([]string, len(s.Events()))
		for i, e := range s.Events() {
			events[i] = e.Name
		}
		fmt.Fprintf(p.w, "%s %s %s [%s]\n", s.Name(), status, s.EndTime().Sub(s.StartTime()).Round(time.Microsecond), strings.Join(events, ", "))
	}
	return nil
}

func (p *printer) Shutdown(context.Context) error { return nil }
