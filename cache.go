package panther

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/panther-go/panther/store"
)

// The response cache: steps 6 (lookup) and 8 (store). A cached API's GET
// responses are kept per client and URL — path plus the query with its
// parameters sorted — for exactly the API's Cache duration, by the rules
// of a shared cache (RFC 9111): only 2xx responses without Set-Cookie, and
// not those the handler marks Cache-Control: no-store, no-cache or
// private; a response with Vary is kept per value of the headers it names.
// On an API without authentication, requests with Authorization or Cookie
// are not cached unless the API sets CachePublic. Concurrent misses for
// one key call the endpoint once and share its answer, unless that call
// failed or its client left, in which case the others call it themselves.
// A store failure bypasses the cache. Authentication, permissions and
// throttling run before a hit, and so does input validation, but for an
// input of path and query parameters alone with compiled rules, whose
// validity is the URL's: a hit answers a URL that was valid, so such an
// input is read on a miss only.
//
// X-Cache says what happened: HIT, MISS (kept for the next request) or
// BYPASS (not kept, or the cache was not asked).

// serveCached runs steps 6 to 8 for a GET of a cached API: it replays a
// hit, or runs next, passes its response on and keeps it.
func (ep *endpoint) serveCached(w http.ResponseWriter, r *Request, next func(http.ResponseWriter)) {
	if !ep.cacheable(r) {
		ep.cacheStep(r, StepCacheBypass)
		next(setCacheState(w, &r.hv, "BYPASS"))
		return
	}
	var gen string
	if ep.decl.CacheGroup != "" {
		var err error
		if gen, err = ep.cacheGeneration(r.Context()); err != nil { // the store is down, or the client left
			if r.Context().Err() == nil {
				ep.cacheStep(r, StepCacheBypass)
				next(setCacheState(w, &r.hv, "BYPASS"))
			}
			return
		}
	}
	base := ep.cacheKey(r, gen)
	for missed := false; ; missed = true {
		key, data, err := ep.lookup(r, base)
		switch {
		case err == nil:
			if res := ep.decode(key, data); res != nil {
				ep.cacheStep(r, StepCacheHit)
				res.replay(w, &r.hv, "HIT")
				return
			}
		case isNotFound(err):
		case r.Context().Err() != nil: // the client left
			return
		default: // the store is down: serve without it
			ep.cacheStep(r, StepCacheBypass)
			next(setCacheState(w, &r.hv, "BYPASS"))
			return
		}
		if !missed {
			ep.cacheStep(r, StepCacheMiss)
		}
		if !ep.fill(w, r, base, key, next) {
			return
		}
		// The call this request waited on failed; another may have filled
		// the key since, so look again.
	}
}

// cacheStep tells the observers which way the cache went.
func (ep *endpoint) cacheStep(r *Request, s Step) {
	if ep.app.obs.steps != nil {
		ep.app.step(r, s, nil)
	}
}

// cacheGroupKey is the store key of a cache group's generation.
func cacheGroupKey(group string) string { return "cachegroup:" + group }

// cacheGeneration is the current generation of group, as a key prefix:
// "g0:" until the first invalidation.
// The last one read is remembered, so a hit makes no string for it.
func (ep *endpoint) cacheGeneration(ctx context.Context) (string, error) {
	data, err := ep.app.storeFor().View(ctx, ep.cached.groupKey)
	switch {
	case err == nil:
		if last := ep.cached.gen.Load(); last != nil && bytes.Equal(last.raw, data) {
			return last.prefix, nil
		}
		g := &generation{raw: data, prefix: "g" + string(data) + ":"}
		ep.cached.gen.Store(g)
		return g.prefix, nil
	case isNotFound(err):
		return "g0:", nil
	}
	return "", err
}

// generation is a cache group's generation as read from the store, and
// as the key prefix it makes.
type generation struct {
	raw    []byte
	prefix string
}

// InvalidateCache drops every cached response of the APIs whose
// CacheGroup is group, on every instance sharing the store: their entries
// are keyed by the group's generation, which this moves on. Call it after
// a write the cached answers depend on; package crud does for its writes.
func (a *App) InvalidateCache(ctx context.Context, group string) error {
	_, err := a.storeFor().Incr(ctx, cacheGroupKey(group), 0)
	return err
}

// InvalidateCache is App.InvalidateCache for the request's app.
func (r *Request) InvalidateCache(group string) error {
	return r.app.InvalidateCache(r.Context(), group)
}

// lookup gets the entry for r at base, following a vary record to the
// variant r's headers select. It returns the key it read last.
func (ep *endpoint) lookup(r *Request, base string) (key string, data []byte, err error) {
	st := ep.app.storeFor()
	data, err = st.View(r.Context(), base)
	if err != nil {
		return base, nil, err
	}
	names, ok := decodeVary(data)
	if !ok {
		return base, data, nil
	}
	key = variantKey(base, names, r.Header)
	data, err = st.View(r.Context(), key)
	return key, data, err
}

// fill calls the endpoint for a miss on key, once for all concurrent
// misses, keeps its answer and serves it to every one of them. It reports
// whether the request must look again: the call it waited on failed for
// its own reasons.
func (ep *endpoint) fill(w http.ResponseWriter, r *Request, base, key string, next func(http.ResponseWriter)) (again bool) {
	f, leader := ep.cached.flights.join(key)
	if leader {
		ep.lead(f, w, r, base, next)
		return false
	}
	res, ok := f.wait(r.Context())
	switch {
	case !ok: // this client left while another filled the key
		return false
	case res.shared && (len(res.vary) == 0 || variantKey(base, res.vary, r.Header) == res.key):
		res.res.replay(w, &r.hv, "MISS")
		return false
	case res.retry:
		return true
	}
	// Not an answer to keep, or one for other header values: this
	// request's own call.
	ep.record(w, r, base, next)
	return false
}

// lead makes the call of flight f. If it panics, its waiters call again.
func (ep *endpoint) lead(f *flight, w http.ResponseWriter, r *Request, base string, next func(http.ResponseWriter)) {
	res := flightResult{retry: true}
	defer func() { f.finish(res) }()
	res = ep.record(w, r, base, next)
}

// record calls the endpoint for r, serving its answer as it is written,
// and keeps the answer when it may. It reports what concurrent misses may
// do with it.
func (ep *endpoint) record(w http.ResponseWriter, r *Request, base string, next func(http.ResponseWriter)) flightResult {
	rec := newRecorder(w, &r.hv)
	next(rec)
	ctx := r.Context()
	if ctx.Err() != nil { // the client left: what the endpoint made may be cut short
		return flightResult{retry: true}
	}
	res := rec.response()
	if res == nil {
		return flightResult{retry: rec.status >= 500}
	}
	names, _ := varyNames(res.header)
	key := base
	st := ep.app.storeFor()
	sctx := context.WithoutCancel(ctx)
	// A failure to keep it only means the next request calls again.
	if len(names) > 0 {
		key = variantKey(base, names, r.Header)
		st.Set(sctx, base, encodeVary(names), ep.decl.Cache)
	}
	st.Set(sctx, key, res.encode(), ep.decl.Cache)
	return flightResult{res: res, shared: true, vary: names, key: key}
}

// flights lets concurrent misses for one key share one endpoint call.
type flights struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	f   *flights
	key string
	ch  chan struct{}
	res flightResult
}

// flightResult is what a call that filled a key leaves its waiters.
type flightResult struct {
	res    *cachedResponse
	shared bool     // res is the answer for every waiter with the same varying headers
	vary   []string // the request headers res varies on
	key    string   // the key res was kept at
	retry  bool     // the call failed or its client left: a waiter should call again
}

// join returns the call in flight for key, or starts one with the caller
// as its leader, who must call finish with the outcome.
func (fs *flights) join(key string) (*flight, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f, ok := fs.calls[key]; ok {
		return f, false
	}
	if fs.calls == nil {
		fs.calls = map[string]*flight{}
	}
	f := &flight{f: fs, key: key, ch: make(chan struct{})}
	fs.calls[key] = f
	return f, true
}

func (f *flight) finish(res flightResult) {
	f.f.mu.Lock()
	delete(f.f.calls, f.key)
	f.f.mu.Unlock()
	f.res = res
	close(f.ch)
}

// wait returns the leader's outcome, or false when ctx ends first.
func (f *flight) wait(ctx context.Context) (flightResult, bool) {
	select {
	case <-f.ch:
		return f.res, true
	case <-ctx.Done():
		return flightResult{}, false
	}
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
