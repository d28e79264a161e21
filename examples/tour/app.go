package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/cli"
	"github.com/panther-go/panther/db"
	_ "github.com/panther-go/panther/db/postgres" // -db postgres://…
	_ "github.com/panther-go/panther/db/sqlite"   // -db sqlite:…
	"github.com/panther-go/panther/metrics"
	"github.com/panther-go/panther/middleware"
	"github.com/panther-go/panther/permission"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/task"
)

// newApp builds the tour's application; tests serve it in process. With
// -redis, its store is on Redis, reached now, and closed with the app.
func newApp(logger *slog.Logger, o options) (*panther.App, error) {
	p, err := newProject(logger, o)
	if err != nil {
		return nil, err
	}
	return p.App, nil
}

// newProject is the tour's app with what its commands act on: the user
// model createuser adds to, the tables migrate creates, the document
// openapi prints.
func newProject(logger *slog.Logger, o options) (project *cli.Project, err error) {
	var app *panther.App
	var st store.Store
	if o.redis != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rs, err := redis.New(ctx, o.redis, redis.Options{})
		if err != nil {
			return nil, fmt.Errorf("-redis: %w", err)
		}
		st = rs
	}
	notes := newNoteStore()
	dbURL := o.db
	if dbURL == "" {
		dbURL = "sqlite:tour.db"
	}
	ctx, cancelOpen := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelOpen()
	d, err := db.Open(ctx, dbURL, db.Options{Logger: logger})
	if err != nil {
		if st != nil {
			st.Close()
		}
		return nil, fmt.Errorf("-db: %w", err)
	}
	accounts, err := openUsers(ctx, d, o.hashParams)
	books := db.NewTable[Book](d)
	if err == nil {
		err = d.AutoMigrate(ctx, books)
	}
	if err != nil {
		d.Close()
		if st != nil {
			st.Close()
		}
		return nil, fmt.Errorf("-db: %w", err)
	}
	secret := o.secret
	if secret == "" {
		secret = devSecret
		logger.Warn("tour: signing tokens with the built-in development key; set -secret or PANTHER_SECRET outside development")
	}
	tokens, err := jwt.New(jwt.Config{Key: []byte(secret), LoadUser: accounts.Load})
	if err != nil {
		return nil, fmt.Errorf("-secret: %w", err)
	}
	var timeCalls atomic.Int64
	tick := o.tick
	if tick == 0 {
		tick = time.Second
	}
	app = panther.New(panther.Config{
		Logger:        logger,
		Tasks:         []task.Task{tickTask(tick, &app)},
		Store:         st,
		DB:            d,
		Throttle:      o.throttle,
		Authenticator: tokens,
		Middlewares: []panther.Middleware{
			middleware.RequestID,
			middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"http://localhost:3000"}}),
			middleware.AccessLog(logger),
			trace("g1"),
			trace("g2"),
		},
		URLs: panther.URLs{
			"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: hello, Docs: basics("Say hello")},
			"trace/": panther.API{
				Methods:     []string{http.MethodGet},
				Middlewares: []panther.Middleware{trace("a1"), trace("a2")},
				Docs:        basics("The order the middlewares ran in"),
				Handler:     showTrace,
			},
			"slow/": panther.API{Get: panther.Typed(slow), Docs: basics("Sleep, to watch a graceful shutdown wait")},
			"limited/": panther.API{
				Methods:  []string{http.MethodGet},
				Throttle: &panther.Throttle{Rate: 3, Duration: 10 * time.Second},
				Docs:     basics("A route of its own throttle"),
				Handler:  func(*panther.Request) (any, error) { return map[string]bool{"ok": true}, nil },
			},
			"time/": panther.API{
				Methods: []string{http.MethodGet},
				Cache:   2 * time.Second,
				Docs:    basics("The time, cached for 2 s"),
				Handler: func(*panther.Request) (any, error) {
					return map[string]any{"now": time.Now().UTC().Format(time.RFC3339Nano), "n": timeCalls.Add(1)}, nil
				},
			},
			"auth/":  authURLs(accounts, tokens),
			"books/": booksURLs(books),
			"tasks/ticks/": panther.API{
				Methods: []string{http.MethodGet},
				Output:  Ticks{},
				Docs:    panther.Docs{Summary: "How many times the periodic task has run, in every instance sharing the store", Tags: []string{"tasks"}},
				Handler: ticks,
			},
			"me/": panther.API{
				Methods: []string{http.MethodGet},
				Auth:    panther.AuthRequired,
				Output:  Me{},
				Docs:    panther.Docs{Summary: "Who am I", Tags: []string{"auth"}},
				Handler: me,
			},
			"whoami/": panther.API{
				Methods: []string{http.MethodGet},
				Auth:    panther.AuthOptional,
				Output:  WhoAmI{},
				Docs:    panther.Docs{Summary: "Who am I, if anyone", Tags: []string{"auth"}},
				Handler: whoami,
			},
			"admin/stats/": panther.API{
				Methods:     []string{http.MethodGet},
				Auth:        panther.AuthRequired,
				Permissions: []panther.Permission{permission.IsAdmin{}},
				Throttle:    &panther.Throttle{Rate: 5, Duration: 10 * time.Second},
				Output:      Stats{},
				Docs:        panther.Docs{Summary: "Counts of users and notes, for admins", Tags: []string{"admin"}},
				Handler: func(r *panther.Request) (any, error) {
					n, err := accounts.Table().Count(r.Context(), db.Filter{})
					return Stats{Users: int(n), Notes: notes.count()}, err
				},
			},
			"notes/": panther.URLs{
				"": notesAPI(notes),
				"<id>/": &noteAPI{API: panther.API{
					Auth:   panther.AuthRequired,
					Docs:   panther.Docs{Summary: "Read, replace or delete one of your notes", Tags: []string{"notes"}},
					Get:    panther.Operation{Output: Note{}},
					Put:    panther.Operation{Input: NoteIn{}, Output: Note{}},
					Delete: panther.Operation{Status: http.StatusNoContent},
				}, notes: notes},
			},
		},
	})
	if st != nil {
		app.OnShutdown(func(context.Context) error { return st.Close() })
	}
	addWebsockets(app)
	addDocs(app, logger)
	addOperations(app)
	return &cli.Project{App: app, Users: accounts, Tables: []db.Schema{books}, OpenAPI: docs(nil)}, nil
}

// addOperations serves what an orchestrator and a monitor read: liveness,
// readiness (the database and, with -redis, Redis) and Prometheus
// metrics. None is throttled, cached or in the access log.
func addOperations(app *panther.App) {
	app.Handle("healthz", panther.Liveness())
	app.Handle("readyz", panther.Readiness())
	app.Handle("metrics", metrics.New(app, metrics.Options{}).API())
}

// basics are the docs of the routes that show one feature each.
func basics(summary string) panther.Docs {
	return panther.Docs{Summary: summary, Tags: []string{"basics"}}
}

// devSecret signs tokens when no -secret is given: fine on a laptop,
// never in production (the tour says so at start).
const devSecret = "panther-tour-development-key-do-not-use-in-production"

// Stats is what /admin/stats/ answers.
type Stats struct {
	Users int `json:"users"`
	Notes int `json:"notes"`
}

func hello(r *panther.Request) (any, error) {
	return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
}

// SlowIn is what /slow/ reads: ?ms=N.
type SlowIn struct {
	MS *int `query:"ms" doc:"how long to sleep, in milliseconds" validate:"required,min=0,max=5000"`
}

// Slept is what /slow/ answers.
type Slept struct {
	SleptMS int `json:"slept_ms"`
}

// slow sleeps ms milliseconds, stopping early if the client leaves: the
// request to watch a graceful shutdown finish.
func slow(r *panther.Request, in SlowIn) (Slept, error) {
	ms := *in.MS
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return Slept{}, context.Cause(r.Context())
	}
	return Slept{SleptMS: ms}, nil
}
