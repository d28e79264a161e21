package panther

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
)

// The request flow, in the fixed order of DESIGN.md §2:
//
//	global middlewares → routing → per-API middlewares →
//	1 method → 2 authentication → 3 permissions → 4 throttling →
//	5 input validation → 6 cache lookup → 7 endpoint → 8 cache store
//
// Each step lives in its own file; run calls them in order. An error from
// any step becomes the response right here, inside every middleware, so
// middlewares see error responses as they see any other.

// run executes the pipeline for one request whose route is ep.
func (ep *endpoint) run(w http.ResponseWriter, r *Request) {
	switch r.Method {
	case http.MethodOptions:
		ep.answerOptions(w)
		return
	case http.MethodHead:
		w = headWriter{w}
	}
	if ep.app.obs.steps != nil {
		ep.runObserved(w, r)
		return
	}
	op, err := ep.checkMethod(r) // 1
	if err == nil {
		err = ep.authenticate(r) // 2
	}
	if err == nil {
		err = ep.checkPermissions(r) // 3
	}
	if err == nil {
		err = ep.throttleRequest(w, r) // 4
	}
	ep.rest(w, r, op, err)
}

// runObserved is run for an app whose observers hear each step.
func (ep *endpoint) runObserved(w http.ResponseWriter, r *Request) {
	a := ep.app
	op, err := ep.checkMethod(r) // 1
	a.step(r, StepMethod, err)
	if err == nil && ep.decl.Authenticator != nil {
		err = ep.authenticate(r) // 2
		a.step(r, StepAuth, err)
	}
	if err == nil && len(ep.decl.Permissions) > 0 {
		err = ep.checkPermissions(r) // 3
		a.step(r, StepPermissions, err)
	}
	if err == nil && ep.decl.Throttle != nil {
		err = ep.throttleRequest(w, r) // 4
		a.step(r, StepThrottle, err)
	}
	ep.rest(w, r, op, err)
}

// rest is the pipeline from step 5 on, for a request that passed steps 1
// to 4 (err nil) or was refused by one.
func (ep *endpoint) rest(w http.ResponseWriter, r *Request, op *operation, err error) {
	cached := err == nil && ep.decl.Cache > 0 && (r.Method == http.MethodGet || r.Method == http.MethodHead)
	// An input whose validity is the URL's alone is read on a miss only: a
	// hit is an answer to the same URL, which was valid then, and is now.
	late := cached && op.input != nil && op.input.urlOnly
	if err == nil && !late {
		err = ep.readInput(r, op) // 5
		defer r.removeUploads()
		if op.input != nil && ep.app.obs.steps != nil {
			ep.app.step(r, StepInput, err)
		}
	}
	if err != nil {
		ep.app.writeError(w, r.Request, &r.hv, err)
		return
	}
	if cached {
		ep.serveCached(w, r, func(w http.ResponseWriter) { // 6, 7, 8
			if late {
				err := ep.readInput(r, op) // 5, on a miss
				if ep.app.obs.steps != nil {
					ep.app.step(r, StepInput, err)
				}
				if err != nil {
					ep.app.writeError(w, r.Request, &r.hv, err)
					return
				}
			}
			ep.respond(w, r, op)
		})
	} else {
		ep.respond(w, r, op) // 7
	}
	if r.rare != nil && r.rare.after != nil {
		ep.app.runAfter(w, r)
	}
}

// respond calls the endpoint and writes what it returned, shaped through
// the operation's Output, with its status.
func (ep *endpoint) respond(w http.ResponseWriter, r *Request, op *operation) {
	data, err := ep.call(op.handler, r)
	if r.rare != nil && r.rare.fault != nil {
		data, err = nil, r.rare.fault
	}
	if ep.app.obs.steps != nil {
		ep.app.step(r, StepEndpoint, err)
	}
	if err == nil && op.shape != nil {
		data, err = ep.shape(op.shape, data)
	}
	if err != nil {
		ep.app.writeError(w, r.Request, &r.hv, err)
		return
	}
	ep.app.respond(w, r, op.status, data)
}

// removeUploads deletes the temporary files of a multipart body.
func (r *Request) removeUploads() {
	if r.MultipartForm != nil {
		r.MultipartForm.RemoveAll()
	}
}

// serveWrapped is the innermost handler of the per-API middlewares: it
// picks up the Request the router built, with the *http.Request the
// middlewares passed down.
func (ep *endpoint) serveWrapped(w http.ResponseWriter, hr *http.Request) {
	r := requestFrom(hr.Context())
	if r == nil || r.ep != ep { // a middleware replaced the context: route the request again
		r = &Request{app: ep.app, ep: ep}
		if found, vals := ep.app.root.match(hr.URL, r.inline[:0]); found == ep {
			r.values = vals
		} else {
			r.values = make([]string, len(ep.names))
		}
	}
	r.Request = hr
	ep.run(w, r)
}

// withRequest is r's *http.Request with a context that carries r, for
// the API's middlewares.
func withRequest(r *Request) *http.Request {
	if requestFrom(r.Request.Context()) == r {
		return r.Request // App.ServeHTTP put it there for the global middlewares
	}
	return r.Request.WithContext(context.WithValue(r.Request.Context(), requestKey{}, r))
}

// call is step 7: the endpoint itself. A panic in the handler is logged
// with its stack and becomes a 500; it never takes the server down.
func (ep *endpoint) call(handler HandlerFunc, r *Request) (data any, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return handler(r)
}

// panicError carries a recovered panic to the log.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", p.value, p.stack) }

// abortPanic is a panic after the response has started: the app logs it
// and aborts the connection instead of answering 500.
type abortPanic panicError

// headWriter drops the body of a HEAD response and keeps its headers,
// Content-Length included; net/http does the same, other servers and
// recorders may not.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }

func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
