package panther

import (
	"net/http"
	"strconv"
	"time"
)

// Observer hears what the app does, for metrics and tracing: package
// metrics is one, and an OpenTelemetry span can record the pipeline's steps
// as events through Step. Add one with App.Observe. Every field is
// optional. The funcs run inline, on the goroutine that did the work, so
// they must be quick and must not block; they may run concurrently.
type Observer struct {
	// Request is called once a request has been answered, error responses
	// and 404s included: route is the pattern it matched, such as
	// "notes/<id>/", or "" when none did; status is the status sent (200
	// when the handler wrote nothing; 500 for a panic); elapsed runs from
	// the app's ServeHTTP to its return, global middlewares included.
	Request func(r *http.Request, route string, status int, elapsed time.Duration)

	// Step is called as each step of the pipeline ends for a request: err
	// is nil when the request passed it, else the refusal (a *Error, or
	// the error the step failed with). The cache steps say which way the
	// lookup went.
	Step func(r *Request, step Step, err error)

	// StoreFailed is called for each store call that failed (not for a key
	// that is not there), and Breaker when the store's circuit breaker
	// opens (open true: the store is treated as down, and calls fail at
	// once) or closes again.
	StoreFailed func(err error)
	Breaker     func(open bool)

	// Task is called as each run of a periodic task (Config.Tasks) or a
	// background function (Request.AfterResponse) returns; err is what it
	// returned, or a panic's value.
	Task func(name string, elapsed time.Duration, err error)

	// Websocket is called as a websocket connection opens (delta 1) and
	// closes (delta -1) on route; package ws reports through it.
	Websocket func(route string, delta int)
}

// Step names a step of the pipeline, for Observer.Step.
type Step uint8

const (
	StepMethod      Step = iota + 1 // the method is allowed
	StepAuth                        // authentication
	StepPermissions                 // the permissions
	StepThrottle                    // the throttle
	StepInput                       // reading and validating the input
	StepCacheHit                    // the response cache had the answer; the endpoint does not run
	StepCacheMiss                   // it had none; the endpoint runs and the answer may be kept
	StepCacheBypass                 // the request is not cacheable (see API.Cache)
	StepEndpoint                    // the handler returned; err is its error
)

var stepNames = [...]string{
	StepMethod:      "method",
	StepAuth:        "authentication",
	StepPermissions: "permissions",
	StepThrottle:    "throttle",
	StepInput:       "input",
	StepCacheHit:    "cache hit",
	StepCacheMiss:   "cache miss",
	StepCacheBypass: "cache bypass",
	StepEndpoint:    "endpoint",
}

// String is the step's name: "method", "authentication", "permissions",
// "throttle", "input", "cache hit", "cache miss", "cache bypass" or
// "endpoint".
func (s Step) String() string {
	if int(s) < len(stepNames) && stepNames[s] != "" {
		return stepNames[s]
	}
	return "step(" + strconv.Itoa(int(s)) + ")"
}

// observers are the app's Observers, split by what they hear, so the
// pipeline tests one slice and an app without observers pays a branch.
type observers struct {
	requests   []func(*http.Request, string, int, time.Duration)
	steps      []func(*Request, Step, error)
	storeFails []func(error)
	breakers   []func(bool)
	tasks      []func(string, time.Duration, error)
	websockets []func(string, int)
}

// Observe adds o to the app's observers. Call it before the app serves:
// the observers are read without a lock.
func (a *App) Observe(o Observer) {
	ob := &a.obs
	if o.Request != nil {
		ob.requests = append(ob.requests, o.Request)
	}
	if o.Step != nil {
		ob.steps = append(ob.steps, o.Step)
	}
	if o.StoreFailed != nil {
		ob.storeFails = append(ob.storeFails, o.StoreFailed)
	}
	if o.Breaker != nil {
		ob.breakers = append(ob.breakers, o.Breaker)
	}
	if o.Task != nil {
		ob.tasks = append(ob.tasks, o.Task)
	}
	if o.Websocket != nil {
		ob.websockets = append(ob.websockets, o.Websocket)
	}
}

// NoteWebsocket tells the observers that a websocket connection opened
// (delta 1) or closed (delta -1) on route. Package ws calls it.
func (a *App) NoteWebsocket(route string, delta int) {
	for _, f := range a.obs.websockets {
		f(route, delta)
	}
}

// step tells the observers that r passed (err nil) or failed step s.
func (a *App) step(r *Request, s Step, err error) {
	for _, f := range a.obs.steps {
		f(r, s, err)
	}
}

func (a *App) noteTask(name string, elapsed time.Duration, err error) {
	for _, f := range a.obs.tasks {
		f(name, elapsed, err)
	}
}

func (a *App) noteStoreFailed(err error) {
	for _, f := range a.obs.storeFails {
		f(err)
	}
}

func (a *App) noteBreaker(open bool) {
	for _, f := range a.obs.breakers {
		f(open)
	}
}

// observedWriter records the status a request was answered with, for
// Observer.Request.
type observedWriter struct {
	http.ResponseWriter
	status int
}

func (w *observedWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 || code == http.StatusSwitchingProtocols {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *observedWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *observedWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *observedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveObserved is ServeHTTP for an app with Request observers.
func (a *App) serveObserved(w http.ResponseWriter, hr *http.Request, r *Request) {
	start := time.Now()
	ow := &observedWriter{ResponseWriter: w}
	panicked := true
	defer func() {
		status := ow.status
		if status == 0 {
			status = http.StatusOK
			if panicked {
				status = http.StatusInternalServerError
			}
		}
		route := ""
		if r.ep != nil {
			route = r.ep.pattern
		}
		elapsed := time.Since(start)
		for _, f := range a.obs.requests {
			f(hr, route, status, elapsed)
		}
	}()
	defer a.recover(ow, hr)
	a.handler.ServeHTTP(ow, hr)
	panicked = false
}
