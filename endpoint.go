package panther

import (
	"cmp"
	"fmt"
	"github.com/panther-go/panther/schema"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"sync/atomic"
)

// endpoint is a declaration compiled once at registration: what the
// pipeline executes for every request to its route. The declaration itself
// is kept as registered, for Routes; the runtime state of the cache and the
// throttle lives apart, in its own fields.
type endpoint struct {
	app     *App
	pattern string // "notes/<id>/"
	// httpPattern is the route as http.Request.Pattern has it, as
	// http.ServeMux sets it: "/notes/{id}/"; tracing names spans by it.
	httpPattern string
	names       []string // path variable names, in path order
	// decl is the declaration, normalized: every handler in its Operation,
	// and Authenticator, Throttle and MaxBodyBytes the ones in force.
	decl  API
	ops   [len(verbs)]operation
	allow string       // the Allow header
	serve http.Handler // the per-API middlewares around the pipeline; nil without any

	limiter *limiter    // the throttle's keys and windows; nil when not throttled
	cached  *cacheState // the cache's flights and memos; nil when not cached
}

// operation is one method, compiled.
type operation struct {
	handler HandlerFunc
	input   *inputPlan   // nil without Input
	shape   reflect.Type // the struct type data is shaped through; nil for none
	output  reflect.Type // the documented type of the body; nil for none
	media   string       // with Output Media: the content type of the body
	status  int          // the success status
	docs    Docs
}

// limiter is the runtime state of a throttled endpoint.
type limiter struct {
	key       string   // "throttle:<pattern>:", the start of its store keys
	limit     string   // X-RateLimit-Limit
	remaining []string // X-RateLimit-Remaining for small counts
	windows   windows  // the current window
}

// cacheState is the runtime state of a cached endpoint.
type cacheState struct {
	flights flights                   // concurrent misses, one endpoint call per key
	decoded *memo[string, decodedHit] // entries decoded for replay
	keys    *memo[cacheKeyID, string] // store keys of recent requests

	groupKey string                     // the store key of the cache group's generation
	gen      atomic.Pointer[generation] // the generation read last
}

func newEndpoint(a *App, pattern string, names []string, route Route) *endpoint {
	ep := &endpoint{app: a, pattern: pattern, httpPattern: openAPIPath(pattern), names: names, decl: normalize(pattern, route)}
	d := &ep.decl
	for i, p := range d.Permissions {
		if p == nil {
			panic(fmt.Sprintf("panther: route %q: Permissions[%d] is nil", pattern, i))
		}
	}
	d.Authenticator, d.Auth = ep.authenticator(d.Auth, d.Authenticator)
	d.Docs.Tags = append([]string(nil), d.Docs.Tags...)
	d.Docs.Errors = append([]int(nil), d.Docs.Errors...)
	d.MaxBodyBytes = cmp.Or(d.MaxBodyBytes, a.cfg.MaxBodyBytes)
	if d.Throttle != nil {
		d.Throttle.check(fmt.Sprintf("route %q", pattern))
	}
	d.Throttle = throttleFor(d.Throttle, a.cfg.Throttle) // the one in force; nil for none
	if d.Throttle != nil {
		ep.limiter = &limiter{
			key:       "throttle:" + pattern + ":",
			limit:     strconv.Itoa(d.Throttle.Rate),
			remaining: remainingTable(d.Throttle.Rate),
		}
	}
	if d.Cache < 0 {
		panic(fmt.Sprintf("panther: route %q: Cache %v is negative; give how long GET responses are kept, or 0 for none", pattern, d.Cache))
	}
	if d.Cache > 0 {
		ep.cached = &cacheState{
			keys:     newMemo[cacheKeyID, string](maxKeyMemoEntries, maxKeyMemoBytes),
			decoded:  newMemo[string, decodedHit](maxDecodedEntries, maxDecodedBytes),
			groupKey: cacheGroupKey(d.CacheGroup),
		}
	}
	checkDocs(pattern, "Docs", d.Docs)
	var shared *inputPlan
	if d.Input != nil {
		shared = a.inputPlan(pattern, "Input", d.Input)
	}
	for i, op := range d.operations() {
		if op.Handler != nil {
			ep.ops[i] = ep.operation(i, op, shared)
		}
	}
	ep.allow = allowHeader(&ep.ops)
	if len(d.Middlewares) > 0 {
		ep.serve = chain(fmt.Sprintf("route %q: Middlewares", pattern), d.Middlewares, http.HandlerFunc(ep.serveWrapped))
	}
	return ep
}

// operation compiles the declaration of the verb in slot i.
func (ep *endpoint) operation(i int, op *Operation, shared *inputPlan) operation {
	d := &ep.decl
	where := verbs[i] + " Operation"
	o := operation{handler: op.Handler, status: cmp.Or(op.Status, d.Status, http.StatusOK)}
	switch {
	case op.Input != nil:
		o.input = ep.app.inputPlan(ep.pattern, where+" Input", op.Input)
		if o.input.body && !readsBody(i) {
			panic(fmt.Sprintf("panther: route %q: the %s Input %s has body fields (%s), but %s requests carry no body; tag them `query`, `path`, `header` or `cookie`, or move them to POST, PUT or PATCH", ep.pattern, verbs[i], o.input.typ, o.input.bodyField, verbs[i]))
		}
	case shared != nil && (readsBody(i) || !shared.body):
		o.input = shared
	}
	if o.input != nil {
		o.input.checkPath(ep.pattern, ep.names)
	}
	if (o.status < 200 || o.status > 299) && o.status != http.StatusSwitchingProtocols {
		panic(fmt.Sprintf("panther: route %q: %s Status %d is not a success status; give 200, 201, 202 or 204 (or 101 for an upgrade a Handover answers)", ep.pattern, verbs[i], o.status))
	}
	output, typed := d.Output, false
	if op.Output != nil {
		output, typed = op.Output, op.typed
	}
	if output != nil {
		o.output = reflect.TypeOf(output)
		switch m, isMedia := output.(Media); {
		case o.output == reflect.TypeFor[Text]():
			o.media = textContentType
		case o.output == reflect.TypeFor[HTML]():
			o.media = htmlContentType
		case isMedia:
			if _, _, err := mime.ParseMediaType(string(m)); err != nil || m == "" {
				panic(fmt.Sprintf("panther: route %q: %s Output is panther.Media(%q), which is not a content type; give one such as \"text/html; charset=utf-8\"", ep.pattern, where, string(m)))
			}
			o.media = string(m)
		case !typed && o.output != emptyType:
			o.shape = outputType(ep.pattern, where+" Output", output)
		}
	}
	if op.Status == http.StatusNoContent && op.Output == nil {
		o.output, o.shape = nil, nil // the API's Output is for the methods with a body
	}
	if o.output != nil && o.output != emptyType && o.media == "" {
		if err := describable(o.output); err != nil {
			panic(fmt.Sprintf("panther: route %q: %s Output %s cannot be described as JSON (%v); give a type encoding/json can write, or leave the field out with `json:\"-\"`", ep.pattern, where, o.output, err))
		}
	}
	if o.status == http.StatusNoContent && o.output != nil && o.output != emptyType {
		panic(fmt.Sprintf("panther: route %q: %s answers 204, which has no body, but declares Output %s; drop one", ep.pattern, verbs[i], o.output))
	}
	o.docs = d.Docs
	checkDocs(ep.pattern, where+" Docs", op.Docs)
	if op.Docs.Hidden {
		panic(fmt.Sprintf("panther: route %q: %s Docs.Hidden hides one method, which the document cannot do; hide the API", ep.pattern, verbs[i]))
	}
	o.docs.Summary = cmp.Or(op.Docs.Summary, o.docs.Summary)
	o.docs.Description = cmp.Or(op.Docs.Description, o.docs.Description)
	o.docs.Tags = append(append([]string(nil), o.docs.Tags...), op.Docs.Tags...)
	o.docs.Errors = append(append([]int(nil), o.docs.Errors...), op.Docs.Errors...)
	o.docs.Deprecated = o.docs.Deprecated || op.Docs.Deprecated
	return o
}

// checkDocs rejects statuses that are not errors.
func checkDocs(pattern, where string, d Docs) {
	for _, code := range d.Errors {
		if code < 400 || code > 599 {
			panic(fmt.Sprintf("panther: route %q: %s.Errors has %d, which is not an error status", pattern, where, code))
		}
	}
}

// describable reports why the OpenAPI document could not describe t, a
// body's type: found at registration, not at the first GET of the
// document.
func describable(t reflect.Type) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	new(schema.Registry).Schema(t)
	return nil
}
