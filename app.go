package panther

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"

	"github.com/panther-go/panther/task"
	"github.com/panther-go/panther/validate"
)

// App is a Panther application: an http.Handler that routes each request to
// its API and runs the API's declaration — methods, permissions,
// middlewares — around the endpoint. Create one with New.
type App struct {
	cfg      Config
	logger   *slog.Logger
	trusted  []netip.Prefix
	root     *node
	handler  http.Handler // the global middlewares around routing
	global   bool         // there are global middlewares
	validate *validate.Validator
	storage  storage
	startup  []Hook
	shutdown []Hook
	runner   *task.Runner

	obs observers

	tasksStopped bool // by Serve's shutdown, so Close need not wait again
	dbClosed     bool // Config.DB is closed once
}

// New returns an App configured by cfg with cfg.URLs registered.
// Configuration mistakes panic with a message that says how to fix them.
func New(cfg Config) *App {
	a := &App{cfg: cfg, logger: cfg.Logger, root: &node{}}
	if a.logger == nil {
		a.logger = slog.Default()
	}
	a.cfg.Server = cfg.Server.withDefaults()
	if a.cfg.MaxBodyBytes <= 0 {
		a.cfg.MaxBodyBytes = 1 << 20
	}
	a.validate = validate.New()
	if cfg.Throttle != nil {
		cfg.Throttle.check("Config.Throttle")
	}
	a.storage.s = cfg.Store
	for i, p := range cfg.TrustedProxies {
		if !p.IsValid() {
			panic(fmt.Sprintf("panther: Config.TrustedProxies[%d] is not a valid network; use netip.MustParsePrefix(\"10.0.0.0/8\")", i))
		}
		a.trusted = append(a.trusted, p.Masked())
	}
	a.runner = a.newRunner()
	a.handler = chain("Config.Middlewares", cfg.Middlewares, http.HandlerFunc(a.route))
	a.global = len(cfg.Middlewares) > 0
	if cfg.URLs != nil {
		a.handle("", cfg.URLs)
	}
	return a
}

// ServeHTTP serves one request. A panic anywhere below — a middleware, a
// handler — is logged with its stack and answered 500.
//
// With global middlewares, the request's context carries the Request from
// the start, so they can read UserFrom, ClientIPFrom and RouteFrom once the
// handler below them returns.
func (a *App) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if a.global || a.obs.requests != nil {
		r := &Request{app: a, outer: hr}
		hr = hr.WithContext(context.WithValue(hr.Context(), requestKey{}, r))
		r.Request = hr
		if a.obs.requests != nil {
			a.serveObserved(w, hr, r)
			return
		}
	}
	defer a.recover(w, hr)
	a.handler.ServeHTTP(w, hr)
}

func (a *App) recover(w http.ResponseWriter, r *http.Request) {
	v := recover()
	switch v := v.(type) {
	case nil:
	case *abortPanic:
		logError(a.logger, r, (*panicError)(v))
		panic(http.ErrAbortHandler)
	default:
		if v == http.ErrAbortHandler {
			panic(v)
		}
		a.writeError(w, r, nil, &panicError{value: v, stack: debug.Stack()})
	}
}

// route is the innermost global handler: it finds the endpoint and runs
// the API's middlewares and pipeline, or answers 404.
func (a *App) route(w http.ResponseWriter, hr *http.Request) {
	var r *Request
	if a.global || a.obs.requests != nil {
		r = requestFrom(hr.Context())
	}
	if r == nil || r.app != a || r.ep != nil { // no middlewares, another app's, or routed before
		r = &Request{app: a}
	}
	r.Request = hr
	ep, vals := a.root.match(hr.URL, r.inline[:0])
	if ep == nil {
		writeRaw(w, &r.hv, http.StatusNotFound, staticBodies["Not Found"])
		return
	}
	r.ep, r.values = ep, vals
	// The route, where net/http's own router puts it: instrumentation
	// wrapped around the app, such as otelhttp, reads it from the request
	// it passed in once the app returns.
	hr.Pattern = ep.httpPattern
	if r.outer != nil {
		r.outer.Pattern = ep.httpPattern
	}
	if ep.serve != nil {
		ep.serve.ServeHTTP(w, withRequest(r))
		return
	}
	ep.run(w, r)
}

// chain wraps h in middlewares, the first listed outermost.
func chain(what string, middlewares []Middleware, h http.Handler) http.Handler {
	for i := len(middlewares) - 1; i >= 0; i-- {
		if middlewares[i] == nil {
			panic(fmt.Sprintf("panther: %s[%d] is nil; remove it or give a middleware", what, i))
		}
		if h = middlewares[i](h); h == nil {
			panic(fmt.Sprintf("panther: %s[%d] returned a nil http.Handler", what, i))
		}
	}
	return h
}
