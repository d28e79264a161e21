package main

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

// newApp builds the tour's application; tests serve it in process.
func newApp(logger *slog.Logger) *panther.App {
	notes := newNoteStore()
	return panther.New(panther.Config{
		Logger: logger,
		Middlewares: []panther.Middleware{
			middleware.RequestID,
			middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"http://localhost:3000"}}),
			middleware.AccessLog(logger),
			trace("g1"),
			trace("g2"),
		},
		URLs: panther.URLs{
			"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: hello},
			"trace/": panther.API{
				Methods:     []string{http.MethodGet},
				Middlewares: []panther.Middleware{trace("a1"), trace("a2")},
				Handler:     showTrace,
			},
			"slow/": panther.API{Methods: []string{http.MethodGet}, Handler: slow},
			"notes/": panther.URLs{
				"":      notesAPI(notes),
				"<id>/": &noteAPI{GenericAPI: panther.GenericAPI{Input: NoteIn{}}, notes: notes},
			},
		},
	})
}

func hello(r *panther.Request) (any, error) {
	return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
}

// slow sleeps ms milliseconds, stopping early if the client leaves: the
// request to watch a graceful shutdown finish.
func slow(r *panther.Request) (any, error) {
	ms, err := strconv.Atoi(r.Query("ms"))
	if err != nil || ms < 0 || ms > 5000 {
		return nil, panther.BadRequest("ms must be a whole number from 0 to 5000")
	}
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return nil, context.Cause(r.Context())
	}
	return map[string]int{"slept_ms": ms}, nil
}
