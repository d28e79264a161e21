package panther

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// HandlerFunc is an endpoint's code. It returns the data to send — encoded
// as JSON with the operation's status (200 unless declared), or a Response
// for anything else — or an error, which the framework turns into the
// error response.
type HandlerFunc func(r *Request) (any, error)

// Middleware is a net/http middleware; any func(http.Handler) http.Handler
// from the ecosystem fits.
type Middleware = func(http.Handler) http.Handler

// API is the declaration of one endpoint — Python Panther's @API(...) and
// its GenericAPI in one type — which the pipeline enforces and package openapi
// documents. It comes in three forms:
//
//   - Function-style: Handler serves every method in Methods.
//   - Per method: Get, Post, Put, Patch and Delete each declare an
//     Operation with its own handler, input, output and status.
//   - Struct-style: a type that embeds API and has any of the methods Get,
//     Post, Put, Patch and Delete (each a HandlerFunc); those methods are the
//     handlers, and the embedded API's Operations, if set, give their input,
//     output and status.
//
// And one more: with Mount set, the route and every path below it go to a
// plain http.Handler.
//
//	hello := panther.API{
//		Methods: []string{http.MethodGet},
//		Handler: func(r *panther.Request) (any, error) {
//			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
//		},
//	}
type API struct {
	// Methods lists the HTTP methods Handler answers; others get 405.
	// HEAD is answered wherever GET is. Default: GET, POST, PUT, PATCH,
	// DELETE. Only with Handler or Mount.
	Methods []string

	// Handler serves every method of Methods.
	Handler HandlerFunc

	// Get, Post, Put, Patch and Delete declare one method each. An API
	// declares its methods either this way or with Handler, not both.
	Get, Post, Put, Patch, Delete Operation

	// Auth makes the API authenticate its requests with
	// Config.Authenticator before anything else of its own runs, and
	// Request.User is whom it authenticated. AuthRequired answers a request
	// it cannot authenticate 401 {"detail":"Authentication Error"};
	// AuthOptional lets one without credentials through anonymous. Default:
	// NoAuth — no authentication, and User is nil.
	Auth AuthMode

	// Authenticator replaces Config.Authenticator for this API, and
	// implies AuthRequired unless Auth is AuthOptional. Default: none.
	Authenticator Authenticator

	// Permissions run in order once the method is allowed; the first that
	// denies answers 403 {"detail":"Permission Denied"}. Default: none.
	Permissions []Permission

	// Input is a value of the struct type each request is bound into and
	// validated against (its `validate` tags and Validate method); the
	// handler reads it with Input[T]. Fields tagged `path`, `query`,
	// `header` or `cookie` are parameters, read from there on every
	// method (see Input); the other fields are the body, which JSON,
	// URL-encoded and multipart forms can carry. An Input with body fields
	// applies to POST, PUT and PATCH, one with parameters only to every
	// method. An Operation's own Input replaces it. Default: none — the
	// body is the handler's to read.
	Input any

	// MaxBodyBytes bounds an Input body; a larger one is 413. Default:
	// Config.MaxBodyBytes.
	MaxBodyBytes int64

	// Output is a value of the type of the successful response's body,
	// such as Note{} or []Note{}: the OpenAPI document describes it, and
	// data of another type is shaped through it before it is written
	// (Python Panther's output_model), so fields the type lacks are
	// dropped and a password hash never leaks. An Operation's own Output
	// replaces it. Default: none — the data is written as it is.
	Output any

	// Status is the status of a successful response that is not a
	// Response. 204 writes no body. An Operation's own Status replaces it.
	// Default: 200.
	Status int

	// Throttle limits how often one client calls this API; it replaces
	// Config.Throttle, and a Throttle with Rate 0 turns that off here.
	// Default: Config.Throttle.
	Throttle *Throttle

	// Cache keeps successful GET responses for this long, per client (the
	// user, else the client IP) and URL; a hit skips the endpoint. The rules
	// are a shared cache's: only 2xx responses without Set-Cookie are kept,
	// and not those whose handler sets Cache-Control no-store, no-cache or
	// private; a response with Vary is kept per value of the request headers
	// it names. Requests whose path and query pass 4 KiB are not cached.
	// Beside the store, each cached API remembers up to 1 MiB of keys and
	// 4 MiB of decoded entries; a body over 1 MiB is sent but not kept.
	// X-Cache is HIT, MISS or BYPASS (not kept). Default: 0, no caching.
	Cache time.Duration

	// CachePublic says the API's answers do not depend on the
	// Authorization or Cookie headers of a request, so requests carrying
	// them are cached as any other. Without it, on an API without Auth,
	// such requests bypass the cache: the handler may read those headers
	// itself, and the key — the client IP — is shared by everyone behind
	// one NAT or proxy. An API with Auth keys its entries by user and needs
	// no opt-in. Default: false.
	CachePublic bool

	// CacheGroup names the cached answers a write elsewhere makes stale:
	// App.InvalidateCache (or Request.InvalidateCache) of the group drops
	// every cached response of the APIs in it, on every instance sharing
	// the store. A cached GET then costs one more store read, the group's
	// generation. Package crud puts a resource's list and item in one group
	// and invalidates it on each write. Default: none.
	CacheGroup string

	// Middlewares wrap this API alone, inside all global middlewares, the
	// first listed outermost. They run even when the method is refused.
	// Default: none.
	Middlewares []Middleware

	// Mount routes the API's path and every path below it to a plain
	// http.Handler — a file server, embedded assets, another router — which
	// sees the whole request path, after the API's Middlewares, Auth,
	// Permissions and Throttle. Methods default to GET (and HEAD) here. A
	// mount has no Handler, Operations, Input, Output or Cache, and the
	// OpenAPI document leaves it out. Default: none.
	Mount http.Handler

	// Quiet marks an operational API — a health check, a metrics scrape —
	// whose requests middleware.AccessLog leaves out (see IsQuiet), so
	// probes every few seconds do not bury the log. Default: false.
	Quiet bool

	// Docs describe the API in the OpenAPI document. Default: none.
	Docs Docs
}

// Operation declares one method of an API: its handler, and, where they
// differ from the API's, its input, output and status. Typed builds one
// from a function that takes its input and returns its output.
//
//	Put:    panther.Typed(replaceBook),                         // func(*panther.Request, BookIn) (Book, error)
//	Delete: panther.Operation{Handler: deleteBook, Status: 204},
type Operation struct {
	// Handler serves the method. Required, except on a struct-style API,
	// whose method of the same name is the handler.
	Handler HandlerFunc

	// Input replaces API.Input for this method. An Input with body fields
	// is for POST, PUT and PATCH; GET and DELETE take parameters only.
	Input any

	// Output replaces API.Output for this method.
	Output any

	// Status replaces API.Status for this method.
	Status int

	// Docs replace the API's Summary and Description, add to its Tags and
	// Errors and may mark this method alone Deprecated.
	Docs Docs

	// typed marks an Operation built by Typed: its Output documents the
	// handler's result and needs no shaping.
	typed bool
}

// Typed builds an Operation from a handler that takes its input and
// returns its output: the input type is the Operation's Input (struct{} for
// none), the output type its Output (any for an undeclared one), both
// checked at registration and documented.
//
//	func getBook(r *panther.Request, in BookID) (Book, error)
//	…
//	panther.API{Get: panther.Typed(getBook)}
func Typed[In, Out any](h func(r *Request, in In) (Out, error)) Operation {
	op := Operation{typed: true}
	if t := reflect.TypeFor[Out](); t.Kind() != reflect.Interface && t != reflect.TypeFor[struct{}]() {
		op.Output = reflect.Zero(t).Interface()
	}
	t := reflect.TypeFor[In]()
	if t == reflect.TypeFor[struct{}]() {
		var none In
		op.Handler = func(r *Request) (any, error) { return h(r, none) }
		return op
	}
	if op.Input = reflect.Zero(t).Interface(); op.Input == nil {
		op.Input = badInput{t} // an interface type, which registration refuses
	}
	op.Handler = func(r *Request) (any, error) { return h(r, Input[In](r)) }
	return op
}

// WithStatus returns the Operation with its success status set: 201 for a
// creation, 204 for an answer without a body.
func (o Operation) WithStatus(status int) Operation {
	o.Status = status
	return o
}

// badInput stands for a Typed input of interface type, so registration can
// say what is wrong.
type badInput struct{ t reflect.Type }

// declared reports whether the Operation declares anything.
func (o *Operation) declared() bool {
	return o.Handler != nil || o.Input != nil || o.Output != nil || o.Status != 0 || !o.Docs.empty()
}

// Docs describe an API or an Operation in the OpenAPI document; they
// change nothing on the wire.
type Docs struct {
	Summary     string   // a line: what the API does
	Description string   // more, in CommonMark
	Tags        []string // groups in the docs UIs
	Deprecated  bool     // marks the operations deprecated
	Hidden      bool     // leaves the API out of the document (API only)

	// Errors are further statuses the handler itself answers with an
	// *Error ({"detail": …}), beyond those the declaration implies.
	Errors []int
}

func (d *Docs) empty() bool {
	return d.Summary == "" && d.Description == "" && len(d.Tags) == 0 && !d.Deprecated && !d.Hidden && len(d.Errors) == 0
}

func (API) isRoute() {}

// declaration is how registration finds the API a struct-style value
// embeds.
func (a API) declaration() *API { return &a }

// The verbs a struct-style API may implement.
type (
	getter  interface{ Get(*Request) (any, error) }
	poster  interface{ Post(*Request) (any, error) }
	putter  interface{ Put(*Request) (any, error) }
	patcher interface{ Patch(*Request) (any, error) }
	deleter interface{ Delete(*Request) (any, error) }
)

// verbs are the methods an endpoint can declare, in Allow-header order.
var verbs = [...]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// verbIndex maps a request method to its handler slot; HEAD is GET.
func verbIndex(method string) int {
	switch method {
	case http.MethodGet, http.MethodHead:
		return 0
	case http.MethodPost:
		return 1
	case http.MethodPut:
		return 2
	case http.MethodPatch:
		return 3
	case http.MethodDelete:
		return 4
	}
	return -1
}

// readsBody reports whether requests of the verb in slot i carry a body
// an Input reads.
func readsBody(i int) bool { return i >= 1 && i <= 3 }

// operations lists the API's Operation fields in verb order.
func (a *API) operations() [len(verbs)]*Operation {
	return [...]*Operation{&a.Get, &a.Post, &a.Put, &a.Patch, &a.Delete}
}

// normalize turns any form of route into its declaration, with every
// method's handler in its Operation; it panics on a declaration that
// cannot work.
func normalize(pattern string, route Route) API {
	var d API
	var self any // the struct-style value whose methods are handlers
	switch r := route.(type) {
	case API:
		d = r
	case *API:
		if r == nil {
			panic(fmt.Sprintf("panther: route %q points to a nil *panther.API", pattern))
		}
		d = *r
	case interface{ declaration() *API }:
		d = *embedded(pattern, r)
		self = r
	default:
		panic(fmt.Sprintf("panther: route %q: %T is not a route", pattern, route))
	}
	d.Methods = append([]string(nil), d.Methods...)
	d.Permissions = append([]Permission(nil), d.Permissions...)
	d.Middlewares = append([]Middleware(nil), d.Middlewares...)
	ops := d.operations()
	perMethod := false
	for _, op := range ops {
		perMethod = perMethod || op.declared()
	}
	switch {
	case self != nil:
		if d.Handler != nil || d.Mount != nil || len(d.Methods) > 0 {
			panic(fmt.Sprintf("panther: route %q: %T is struct-style: its methods Get, Post, Put, Patch and Delete are the handlers, so the embedded API has no Handler, Methods or Mount", pattern, self))
		}
		methods(pattern, self, ops)
	case d.Mount != nil:
		if d.Handler != nil || perMethod || d.Input != nil || d.Output != nil || d.Status != 0 || d.Cache != 0 {
			panic(fmt.Sprintf("panther: route %q: an API with Mount serves through its http.Handler; it has no Handler, Operations, Input, Output, Status or Cache", pattern))
		}
		if len(d.Methods) == 0 {
			d.Methods = []string{http.MethodGet}
		}
		h := d.Mount
		d.Docs.Hidden = true
		setMethods(pattern, ops, d.Methods, func(*Request) (any, error) { return Response{body: handlerBody{h}}, nil })
	case d.Handler != nil:
		if perMethod {
			panic(fmt.Sprintf("panther: route %q: the API has a Handler and Operations; declare its methods one way: Methods and Handler, or Get, Post, Put, Patch and Delete", pattern))
		}
		methods := d.Methods
		if len(methods) == 0 {
			methods = verbs[:]
		}
		setMethods(pattern, ops, methods, d.Handler)
	case perMethod:
		if len(d.Methods) > 0 {
			panic(fmt.Sprintf("panther: route %q: Methods is for Handler; an API with Operations answers the methods it declares", pattern))
		}
		for i, op := range ops {
			if op.declared() && op.Handler == nil {
				panic(fmt.Sprintf("panther: route %q: the %s Operation has no Handler; give it one (or use panther.Typed)", pattern, verbs[i]))
			}
		}
	default:
		panic(fmt.Sprintf("panther: route %q: the API has no handler; give it a Handler, Operations (Get, Post, …) or a Mount", pattern))
	}
	return d
}

// embedded reads the API a struct-style value embeds, which is nil when
// embedded by pointer and never set.
func embedded(pattern string, r interface{ declaration() *API }) (d *API) {
	defer func() {
		if recover() != nil || d == nil {
			panic(fmt.Sprintf("panther: route %q: %T embeds a nil *panther.API; embed panther.API by value", pattern, r))
		}
	}()
	return r.declaration()
}

// methods makes a struct-style value's verb methods the handlers of its
// Operations.
func methods(pattern string, self any, ops [len(verbs)]*Operation) {
	var hs [len(verbs)]HandlerFunc
	if v, ok := self.(getter); ok {
		hs[0] = v.Get
	}
	if v, ok := self.(poster); ok {
		hs[1] = v.Post
	}
	if v, ok := self.(putter); ok {
		hs[2] = v.Put
	}
	if v, ok := self.(patcher); ok {
		hs[3] = v.Patch
	}
	if v, ok := self.(deleter); ok {
		hs[4] = v.Delete
	}
	found := false
	for i, op := range ops {
		switch {
		case hs[i] == nil && op.declared():
			panic(fmt.Sprintf("panther: route %q: the embedded API declares a %s Operation but %T has no method %s(*panther.Request) (any, error)", pattern, verbs[i], self, methodName(i)))
		case hs[i] != nil && op.Handler != nil:
			panic(fmt.Sprintf("panther: route %q: %T has a method %s and its embedded API's %s Operation has a Handler; keep one", pattern, self, methodName(i), verbs[i]))
		case hs[i] != nil:
			op.Handler = hs[i]
			found = true
		}
	}
	if !found {
		panic(fmt.Sprintf("panther: route %q: %T has none of the methods Get, Post, Put, Patch, Delete with the signature func(*panther.Request) (any, error); methods on a pointer receiver need a pointer value (&T{})", pattern, self))
	}
}

func methodName(i int) string { return verbs[i][:1] + strings.ToLower(verbs[i][1:]) }

// setMethods makes h the handler of each of methods.
func setMethods(pattern string, ops [len(verbs)]*Operation, methods []string, h HandlerFunc) {
	for _, m := range methods {
		i := verbIndex(strings.ToUpper(m))
		if i < 0 || strings.EqualFold(m, http.MethodHead) {
			panic(fmt.Sprintf("panther: route %q: method %q cannot be declared; use GET, POST, PUT, PATCH or DELETE (HEAD and OPTIONS are answered for you)", pattern, m))
		}
		ops[i].Handler = h
	}
}

// allowHeader is the Allow header of an endpoint with these handlers.
func allowHeader(ops *[len(verbs)]operation) string {
	var allowed []string
	for i := range ops {
		if ops[i].handler == nil {
			continue
		}
		allowed = append(allowed, verbs[i])
		if i == 0 {
			allowed = append(allowed, http.MethodHead)
		}
	}
	return strings.Join(append(allowed, http.MethodOptions), ", ")
}
