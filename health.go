package panther

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Health is what Liveness and Readiness answer: {"status":"ok"} when all
// is well; Readiness's 503 has status "unavailable", a detail and the
// dependencies that failed.
type Health struct {
	Status string   `json:"status"`
	Detail string   `json:"detail,omitempty"`
	Failed []string `json:"failed,omitempty"`
}

// Liveness is the API of a liveness probe, such as GET /healthz: 200
// {"status":"ok"} for as long as the process serves requests. It checks
// nothing else, so an orchestrator restarts the process only when it is
// stuck, never because a database is down. It is never throttled or
// cached, and it is Quiet.
//
//	app.Handle("healthz", panther.Liveness())
func Liveness() API {
	return API{
		Get:      Operation{Handler: func(*Request) (any, error) { return Health{Status: "ok"}, nil }, Output: Health{}},
		Throttle: &Throttle{},
		Quiet:    true,
		Docs:     Docs{Summary: "Liveness: the process serves", Tags: []string{"operations"}},
	}
}

// Check is a dependency Readiness checks beside the database and the
// store: Ping returns nil when it answers.
type Check struct {
	Name string // named in a 503's "failed" list, such as "search"
	Ping func(ctx context.Context) error
}

// Readiness is the API of a readiness probe, such as GET /readyz: it pings
// Config.DB, the store (Config.Store; the in-memory one always answers)
// and each of checks, all at once and for at most 2 s, and answers 200
// {"status":"ok"} when every one answered. Otherwise it answers 503
//
//	{"status":"unavailable","detail":"Service Unavailable: database","failed":["database"]}
//
// naming each dependency that did not, and logs why at Warn; the reasons
// stay in the log, since a probe's answer may be public. It is never
// throttled or cached, and it is Quiet.
//
//	app.Handle("readyz", panther.Readiness())
func Readiness(checks ...Check) API {
	for i, c := range checks {
		if c.Name == "" || c.Ping == nil {
			panic(fmt.Sprintf("panther: Readiness: checks[%d] needs both a Name and a Ping func", i))
		}
	}
	return API{
		Get: Operation{
			Handler: func(r *Request) (any, error) {
				ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
				defer cancel()
				err := r.app.ping(ctx, checks)
				if err == nil {
					return Health{Status: "ok"}, nil
				}
				if r.Context().Err() != nil {
					return nil, errClientGone
				}
				var failed []string
				for _, e := range unjoin(err) {
					var de *DependencyError
					if errors.As(e, &de) {
						failed = append(failed, de.Name)
					}
				}
				LoggerFrom(r.Context()).LogAttrs(r.Context(), slog.LevelWarn, "panther: not ready", slog.Any("error", err))
				return Response{Status: http.StatusServiceUnavailable, Data: Health{
					Status: "unavailable",
					Detail: "Service Unavailable: " + strings.Join(failed, ", "),
					Failed: failed,
				}}, nil
			},
			Output: Health{},
		},
		Throttle: &Throttle{},
		Quiet:    true,
		Docs: Docs{
			Summary:     "Readiness: the database and the store answer",
			Description: "503 names each dependency that did not answer in `failed`.",
			Tags:        []string{"operations"},
			Errors:      []int{http.StatusServiceUnavailable},
		},
	}
}

// DependencyError is a dependency of the app that did not answer, from
// App.Ping.
type DependencyError struct {
	Name string // "database", "store" or a Check's Name
	Err  error
}

func (e *DependencyError) Error() string {
	return fmt.Sprintf("panther: the %s cannot be reached: %v", e.Name, e.Err)
}

func (e *DependencyError) Unwrap() error { return e.Err }

// Ping reaches Config.DB and Config.Store at once and returns nil when both
// answer, else a *DependencyError for each that did not, joined. An app
// without them has nothing to reach. Readiness answers with it; a command
// line's check calls it.
func (a *App) Ping(ctx context.Context) error { return a.ping(ctx, nil) }

// Dependencies are what Ping reaches: Config.DB as "database" and
// Config.Store as "store", those that are set.
func (a *App) Dependencies() []Check {
	var deps []Check
	if a.cfg.DB != nil {
		deps = append(deps, Check{Name: "database", Ping: a.cfg.DB.Ping})
	}
	if a.cfg.Store != nil {
		deps = append(deps, Check{Name: "store", Ping: a.cfg.Store.Ping})
	}
	return deps
}

func (a *App) ping(ctx context.Context, checks []Check) error {
	all := append(a.Dependencies(), checks...)
	// A Ping that ignores its context must not hold the answer: what has
	// not answered when ctx ends has failed, and its goroutine finishes
	// into the buffer alone.
	type result struct {
		i   int
		err error
	}
	results := make(chan result, len(all))
	for i, c := range all {
		go func() { results <- result{i, c.Ping(ctx)} }()
	}
	errs := make([]error, len(all))
	answered := make([]bool, len(all))
	for range all {
		select {
		case res := <-results:
			answered[res.i] = true
			if res.err != nil {
				errs[res.i] = &DependencyError{Name: all[res.i].Name, Err: res.err}
			}
		case <-ctx.Done():
			for i, ok := range answered {
				if !ok {
					errs[i] = &DependencyError{Name: all[i].Name, Err: context.Cause(ctx)}
				}
			}
			return errors.Join(errs...)
		}
	}
	return errors.Join(errs...)
}

// unjoin is the errors err joins, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
