package panther_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store/memory"
)

// recording is an Observer that writes down what it hears.
type recording struct {
	mu    sync.Mutex
	lines []string
}

func (rec *recording) add(format string, args ...any) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.lines = append(rec.lines, fmt.Sprintf(format, args...))
}

func (rec *recording) take() string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	s := strings.Join(rec.lines, "; ")
	rec.lines = nil
	return s
}

func (rec *recording) observer() panther.Observer {
	return panther.Observer{
		Request: func(r *http.Request, route string, status int, _ time.Duration) {
			rec.add("%s %s → %q %d", r.Method, r.URL.Path, route, status)
		},
		Step: func(r *panther.Request, step panther.Step, err error) {
			if err != nil {
				rec.add("%s: %v", step, err)
			} else {
				rec.add("%s", step)
			}
		},
	}
}

// TestObserverSteps: the observer hears each step that runs, in the
// pipeline's order, with the refusal that ends it, and then the request.
func TestObserverSteps(t *testing.T) {
	type In struct {
		N int `query:"n" validate:"min=1"`
	}
	app := panther.New(panther.Config{
		Logger:        discardLogger(),
		Authenticator: headerAuth,
		URLs: panther.URLs{
			"full/": panther.API{
				Get:  panther.Operation{Input: In{}, Handler: func(*panther.Request) (any, error) { return "ok", nil }},
				Auth: panther.AuthRequired,
				Permissions: []panther.Permission{panther.PermissionFunc(func(r *panther.Request) (bool, error) {
					return r.User().UserID() != "guest", nil
				})},
				Throttle: &panther.Throttle{Rate: 100, Duration: time.Minute},
				Cache:    time.Minute,
			},
			"plain/": panther.API{Get: panther.Operation{Handler: func(*panther.Request) (any, error) {
				return nil, errors.New("db down")
			}}},
		},
	})
	defer app.Close()
	rec := &recording{}
	app.Observe(rec.observer())

	for _, tt := range []struct {
		method, path, user string
		want               string
	}{
		{"GET", "/full/?n=1", "alice", `method; authentication; permissions; throttle; cache miss; input; endpoint; GET /full/ → "full/" 200`},
		{"GET", "/full/?n=1", "alice", `method; authentication; permissions; throttle; cache hit; GET /full/ → "full/" 200`},
		{"GET", "/full/?n=0", "alice", `method; authentication; permissions; throttle; cache miss; input: n: must be at least 1; GET /full/ → "full/" 400`},
		{"GET", "/full/", "", `method; authentication: Authentication Error; GET /full/ → "full/" 401`},
		{"GET", "/full/", "guest", `method; authentication; permissions: Permission Denied; GET /full/ → "full/" 403`},
		{"POST", "/full/", "alice", `method: Method Not Allowed; POST /full/ → "full/" 405`},
		{"GET", "/plain/", "", `method; endpoint: db down; GET /plain/ → "plain/" 500`},
		{"GET", "/nowhere/", "", `GET /nowhere/ → "" 404`},
	} {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		if tt.user != "" {
			req.Header.Set("X-User", tt.user)
		}
		app.ServeHTTP(httptest.NewRecorder(), req)
		if got := rec.take(); got != tt.want {
			t.Errorf("%s %s as %q:\n got %s\nwant %s", tt.method, tt.path, tt.user, got, tt.want)
		}
	}
}

func TestStepNames(t *testing.T) {
	var names []string
	for s := panther.StepMethod; s <= panther.StepEndpoint; s++ {
		names = append(names, s.String())
	}
	want := "method, authentication, permissions, throttle, input, cache hit, cache miss, cache bypass, endpoint"
	if got := strings.Join(names, ", "); got != want {
		t.Errorf("steps %q, want %q", got, want)
	}
	if got := panther.Step(0).String(); got != "step(0)" {
		t.Errorf("Step(0) is %q", got)
	}
}

// downDB is a Database that cannot be reached.
type downDB struct{}

func (downDB) Ping(context.Context) error { return errors.New("connection refused") }
func (downDB) Close() error               { return nil }

// hangingDB is a Database whose Ping never returns until its context ends,
// and then not at once.
type hangingDB struct{}

func (hangingDB) Ping(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
func (hangingDB) Close() error                   { return nil }

func TestHealth(t *testing.T) {
	down := memory.New(memory.Options{})
	down.Close() // a closed store: every call fails
	for _, tt := range []struct {
		name   string
		cfg    panther.Config
		checks []panther.Check
		status int
		body   string
	}{
		{"nothing to reach", panther.Config{}, nil, 200, `{"status":"ok"}`},
		{"database down", panther.Config{DB: downDB{}}, nil, 503, `{"status":"unavailable","detail":"Service Unavailable: database","failed":["database"]}`},
		{"both down", panther.Config{DB: downDB{}, Store: down}, nil, 503, `{"status":"unavailable","detail":"Service Unavailable: database, store","failed":["database","store"]}`},
		{"a check of one's own", panther.Config{}, []panther.Check{{Name: "search", Ping: func(context.Context) error { return errors.New("no") }}}, 503,
			`{"status":"unavailable","detail":"Service Unavailable: search","failed":["search"]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Logger = discardLogger()
			tt.cfg.Throttle = &panther.Throttle{Rate: 1, Duration: time.Minute}
			tt.cfg.URLs = panther.URLs{"healthz": panther.Liveness(), "readyz": panther.Readiness(tt.checks...)}
			app := panther.New(tt.cfg)
			defer app.Close()
			for range 3 { // the global throttle of 1 a minute does not apply
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
				if w.Code != 200 || w.Body.String() != `{"status":"ok"}` {
					t.Fatalf("/healthz: %d %s", w.Code, w.Body)
				}
				w = httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
				if w.Code != tt.status || w.Body.String() != tt.body {
					t.Fatalf("/readyz: %d %s, want %d %s", w.Code, w.Body, tt.status, tt.body)
				}
			}
		})
	}
}

// TestReadinessBounded: a dependency that hangs fails the probe after 2 s
// instead of holding it.
func TestReadinessBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := panther.New(panther.Config{Logger: discardLogger(), DB: hangingDB{}, URLs: panther.URLs{"readyz": panther.Readiness()}})
		defer app.Close()
		start := time.Now()
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		if w.Code != 503 || time.Since(start) != 2*time.Second {
			t.Errorf("/readyz on a hanging database: %d after %v, want 503 after 2s", w.Code, time.Since(start))
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err := app.Ping(ctx)
		var de *panther.DependencyError
		if !errors.As(err, &de) || de.Name != "database" {
			t.Errorf("Ping: %v", err)
		}
	})
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
