package panther

import (
	"cmp"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// HandlerFunc is an endpoint's code. It returns the data to send — encoded
// as 200 JSON, or a Response for anything else — or an error, which the
// framework turns into the error response.
type HandlerFunc func(r *Request) (any, error)

// Middleware is a net/http middleware; any func(http.Handler) http.Handler
// from the ecosystem fits.
type Middleware = func(http.Handler) http.Handler

// API declares a function-style endpoint: Python Panther's @API(...).
//
//	hello := panther.API{
//		Methods: []string{http.MethodGet},
//		Handler: func(r *panther.Request) (any, error) {
//			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
//		},
//	}
type API struct {
	// Methods lists the HTTP methods the API answers; others get 405.
	// HEAD is answered wherever GET is. Default: GET, POST, PUT, PATCH, DELETE.
	Methods []string

	// Auth makes the API authenticate its requests with
	// Config.Authentication before anything else of its own runs, and
	// Request.User is whom it authenticated. AuthRequired answers a request
	// it cannot authenticate 401 {"detail":"Authentication Error"};
	// AuthOptional lets one without credentials through anonymous. Default:
	// NoAuth — no authentication, and User is nil.
	Auth AuthMode

	// Authenticator replaces Config.Authentication for this API, and
	// implies AuthRequired unless Auth is AuthOptional. Default: none.
	Authenticator Authenticator

	// Permissions run in order once the method is allowed; the first that
	// denies answers 403 {"detail":"Permission Denied"}. Default: none.
	Permissions []Permission

	// Input is a value of the struct type that POST, PUT and PATCH bodies
	// decode into and validate against (its `validate` tags and Validate
	// method); the handler reads it with Input[T]. JSON, URL-encoded and
	// multipart forms are accepted. GET and DELETE never read the body.
	// Default: none — the body is the handler's to read.
	Input any

	// MaxBodyBytes bounds an Input body; a larger one is 413. Default:
	// Config.MaxBodyBytes.
	MaxBodyBytes int64

	// Throttling limits how often one client calls this API; it replaces
	// Config.Throttling, and a Throttle with Rate 0 turns that off here.
	// Default: Config.Throttling.
	Throttling *Throttle

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

	// Output is a value of the type the handler's data is shaped through
	// before it is written (Python Panther's output_model): fields the type
	// lacks are dropped, so a password hash never leaks. Lists are shaped
	// item by item. Default: none — the data is written as it is.
	Output any

	// OutputSchema describes the successful response for the OpenAPI
	// document. Default: none.
	OutputSchema *OutputSchema

	// Middlewares wrap this API alone, inside all global middlewares, the
	// first listed outermost. They run even when the method is refused.
	// Default: none.
	Middlewares []Middleware

	// Docs describe the API in the OpenAPI document. Default: none.
	Docs Docs

	// Handler is the endpoint. Required.
	Handler HandlerFunc
}

// Docs describe an API in the OpenAPI document; they change nothing on
// the wire.
type Docs struct {
	Summary     string   // a line: what the API does
	Description string   // more, in CommonMark
	Tags        []string // groups in the docs UIs
	Deprecated  bool     // marks every operation of the API deprecated
	Hidden      bool     // leaves the API out of the document

	// Outputs describe the successful response of single methods ("GET",
	// "POST"), where one API answers differently per method; a method not
	// listed has the API's OutputSchema.
	Outputs map[string]*OutputSchema

	// Errors are further statuses the handler itself answers with an
	// *Error ({"detail": …}), beyond those the declaration implies.
	Errors []int
}

func (API) isRoute() {}

// GenericAPI declares a struct-style endpoint: Python Panther's GenericAPI.
// Embed it in a type; the type's Get, Post, Put, Patch and Delete methods
// (each a HandlerFunc) are the verbs it answers, and any other verb is 405
// before anything else runs. One value serves every request, so it holds
// dependencies, never per-request state.
//
//	type noteAPI struct {
//		panther.GenericAPI
//		notes *Store
//	}
//
//	func (a *noteAPI) Get(r *panther.Request) (any, error) { … }
type GenericAPI struct {
	// Auth: as API.Auth.
	Auth AuthMode

	// Authenticator: as API.Authenticator.
	Authenticator Authenticator

	// Permissions: as API.Permissions.
	Permissions []Permission

	// Input: as API.Input, for the Post, Put and Patch methods.
	Input any

	// MaxBodyBytes: as API.MaxBodyBytes.
	MaxBodyBytes int64

	// Throttling: as API.Throttling.
	Throttling *Throttle

	// Cache: as API.Cache, for the Get method.
	Cache time.Duration

	// CachePublic: as API.CachePublic.
	CachePublic bool

	// Output: as API.Output.
	Output any

	// OutputSchema: as API.OutputSchema.
	OutputSchema *OutputSchema

	// Middlewares: as API.Middlewares.
	Middlewares []Middleware

	// Docs: as API.Docs.
	Docs Docs
}

func (GenericAPI) isRoute() {}

func (g GenericAPI) declaration() GenericAPI { return g }

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

// endpoint is a declaration compiled once at registration: what the
// pipeline executes for every request to its route.
type endpoint struct {
	app             *App
	pattern         string   // "notes/<id>/"
	names           []string // path variable names, in path order
	handlers        [len(verbs)]HandlerFunc
	allow           string        // the Allow header
	mount           bool          // a Mount: it also answers every path below its own
	auth            Authenticator // nil without Auth
	authMode        AuthMode
	permissions     []Permission
	docs            Docs
	input           *inputPlan // nil without Input
	maxBody         int64
	throttle        *Throttle     // nil when not throttled
	throttleKey     string        // "throttle:<pattern>:", the start of its store keys
	throttleLimit   string        // X-RateLimit-Limit
	remainingValues []string      // X-RateLimit-Remaining for small counts
	windows         windows       // the current throttle window
	cache           time.Duration // 0 when not cached
	flights         flights       // concurrent cache misses, one endpoint call per key
	cachePublic     bool
	decoded         *memo[string, decodedHit] // cache entries decoded for replay
	cacheKeys       *memo[cacheKeyID, string] // store keys of recent cached requests
	output          reflect.Type              // nil without Output
	schema          *OutputSchema
	serve           http.Handler // the per-API middlewares around the pipeline; nil without any
}

// declaration is what both endpoint styles declare besides their verbs.
type declaration struct {
	Auth          AuthMode
	Authenticator Authenticator
	Permissions   []Permission
	Input         any
	MaxBodyBytes  int64
	Throttling    *Throttle
	Cache         time.Duration
	CachePublic   bool
	Output        any
	OutputSchema  *OutputSchema
	Middlewares   []Middleware
	Docs          Docs
}

func newEndpoint(a *App, pattern string, route Route) *endpoint {
	ep := &endpoint{app: a, pattern: pattern}
	var d declaration
	switch r := route.(type) {
	case API:
		d = ep.fromAPI(r)
	case *API:
		if r == nil {
			panic(fmt.Sprintf("panther: route %q points to a nil *panther.API", pattern))
		}
		d = ep.fromAPI(*r)
	case interface{ declaration() GenericAPI }:
		d = ep.fromGeneric(r)
	case Mount:
		d = ep.fromMount(r)
		ep.mount = true
	default:
		panic(fmt.Sprintf("panther: route %q: %T is not a route", pattern, route))
	}
	ep.declare(d)
	return ep
}

// declare compiles the declaration fields both styles share.
func (ep *endpoint) declare(d declaration) {
	for i, p := range d.Permissions {
		if p == nil {
			panic(fmt.Sprintf("panther: route %q: Permissions[%d] is nil", ep.pattern, i))
		}
	}
	ep.auth, ep.authMode = ep.authenticator(d.Auth, d.Authenticator)
	ep.permissions = d.Permissions
	ep.docs = d.Docs
	if d.Input != nil {
		ep.input = ep.app.inputPlan(ep.pattern, d.Input)
	}
	ep.maxBody = cmp.Or(d.MaxBodyBytes, ep.app.cfg.MaxBodyBytes)
	if d.Throttling != nil {
		d.Throttling.check(fmt.Sprintf("route %q", ep.pattern))
	}
	ep.throttle = throttleFor(d.Throttling, ep.app.cfg.Throttling)
	if ep.throttle != nil {
		ep.throttleKey = "throttle:" + ep.pattern + ":"
		ep.throttleLimit = strconv.Itoa(ep.throttle.Rate)
		ep.remainingValues = remainingTable(ep.throttle.Rate)
	}
	if d.Cache < 0 {
		panic(fmt.Sprintf("panther: route %q: Cache %v is negative; give how long GET responses are kept, or 0 for none", ep.pattern, d.Cache))
	}
	ep.cache, ep.cachePublic = d.Cache, d.CachePublic
	if ep.cache > 0 {
		ep.cacheKeys = newMemo[cacheKeyID, string](maxKeyMemoEntries, maxKeyMemoBytes)
		ep.decoded = newMemo[string, decodedHit](maxDecodedEntries, maxDecodedBytes)
	}
	ep.output = outputType(ep.pattern, "Output", d.Output)
	ep.schema = d.OutputSchema
	if ep.schema != nil {
		ep.schema.check(ep.pattern)
	}
	ep.checkDocs()
	ep.allow = allowHeader(ep.handlers)
	if len(d.Middlewares) > 0 {
		ep.serve = chain(fmt.Sprintf("route %q: Middlewares", ep.pattern), d.Middlewares, http.HandlerFunc(ep.serveWrapped))
	}
}

func (ep *endpoint) fromAPI(api API) declaration {
	if api.Handler == nil {
		panic(fmt.Sprintf("panther: route %q: API.Handler is nil; give the API a handler", ep.pattern))
	}
	methods := api.Methods
	if len(methods) == 0 {
		methods = verbs[:]
	}
	ep.setMethods(methods, api.Handler)
	return declaration{
		Auth: api.Auth, Authenticator: api.Authenticator, Permissions: api.Permissions,
		Input: api.Input, MaxBodyBytes: api.MaxBodyBytes, Throttling: api.Throttling,
		Cache: api.Cache, CachePublic: api.CachePublic, Output: api.Output, OutputSchema: api.OutputSchema,
		Middlewares: api.Middlewares, Docs: api.Docs,
	}
}

// setMethods makes h the handler of each of methods.
func (ep *endpoint) setMethods(methods []string, h HandlerFunc) {
	for _, m := range methods {
		i := verbIndex(strings.ToUpper(m))
		if i < 0 || strings.EqualFold(m, http.MethodHead) {
			panic(fmt.Sprintf("panther: route %q: method %q cannot be declared; use GET, POST, PUT, PATCH or DELETE (HEAD and OPTIONS are answered for you)", ep.pattern, m))
		}
		ep.handlers[i] = h
	}
}

func (ep *endpoint) fromGeneric(r interface{ declaration() GenericAPI }) declaration {
	g := ep.declaration(r)
	if v, ok := r.(getter); ok {
		ep.handlers[0] = v.Get
	}
	if v, ok := r.(poster); ok {
		ep.handlers[1] = v.Post
	}
	if v, ok := r.(putter); ok {
		ep.handlers[2] = v.Put
	}
	if v, ok := r.(patcher); ok {
		ep.handlers[3] = v.Patch
	}
	if v, ok := r.(deleter); ok {
		ep.handlers[4] = v.Delete
	}
	if ep.allow = allowHeader(ep.handlers); ep.allow == http.MethodOptions {
		panic(fmt.Sprintf("panther: route %q: %T has none of the methods Get, Post, Put, Patch, Delete with the signature func(*panther.Request) (any, error); methods on a pointer receiver need a pointer value (&T{})", ep.pattern, r))
	}
	return declaration{
		Auth: g.Auth, Authenticator: g.Authenticator, Permissions: g.Permissions,
		Input: g.Input, MaxBodyBytes: g.MaxBodyBytes, Throttling: g.Throttling,
		Cache: g.Cache, CachePublic: g.CachePublic, Output: g.Output, OutputSchema: g.OutputSchema,
		Middlewares: g.Middlewares, Docs: g.Docs,
	}
}

// declaration reads the embedded GenericAPI, which is nil when embedded by
// pointer and never set.
func (ep *endpoint) declaration(r interface{ declaration() GenericAPI }) GenericAPI {
	defer func() {
		if recover() != nil {
			panic(fmt.Sprintf("panther: route %q: %T embeds a nil *panther.GenericAPI; embed panther.GenericAPI by value", ep.pattern, r))
		}
	}()
	return r.declaration()
}

func allowHeader(handlers [len(verbs)]HandlerFunc) string {
	var allowed []string
	for i, h := range handlers {
		if h == nil {
			continue
		}
		allowed = append(allowed, verbs[i])
		if i == 0 {
			allowed = append(allowed, http.MethodHead)
		}
	}
	return strings.Join(append(allowed, http.MethodOptions), ", ")
}
