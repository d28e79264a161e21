package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

// newApp builds the tour's application; tests serve it in process.
func newApp(logger *slog.Logger, o options) (app *panther.App, err error) {
	defer func() { // a bad -redis URL: a configuration error, not a crash
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	notes := newNoteStore()
	var timeCalls atomic.Int64
	return panther.New(panther.Config{
		Logger:     logger,
		Redis:      o.redis,
		Throttling: o.throttle,
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
			"limited/": panther.API{
				Methods:    []string{http.MethodGet},
				Throttling: &panther.Throttle{Rate: 3, Duration: 10 * time.Second},
				Handler:    func(*panther.Request) (any, error) { return map[string]bool{"ok": true}, nil },
			},
			"time/": panther.API{
				Methods: []string{http.MethodGet},
				Cache:   2 * time.Second,
				Handler: func(*panther.Request) (any, error) {
					return map[string]any{"now": time.Now().UTC().Format(time.RFC3339Nano), "n": timeCalls.Add(1)}, nil
				},
			},
			"notes/": panther.URLs{
				"":      notesAPI(notes),
				"<id>/": &noteAPI{GenericAPI: panther.GenericAPI{Input: NoteIn{}}, notes: notes},
			},
		},
	}), nil
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
