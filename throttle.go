package panther

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Throttle limits how many requests one client makes to one API per
// window: Rate requests per Duration. Windows are fixed and aligned to the
// floor of Duration counted from the Unix epoch, so every instance sharing
// a store agrees on them. The client is the authenticated user, else the
// client IP (see Request.ClientIP), unless Key says otherwise.
//
// A Throttle on an API replaces Config.Throttle for it; a Throttle with
// Rate 0 turns throttling off for that API. Beside the store, each
// throttled API remembers the store keys of the current window's clients,
// up to 10,000 keys and 1 MiB.
type Throttle struct {
	// Rate is how many requests pass per window. 0 turns throttling off.
	Rate int

	// Duration is the window's length. Required when Rate is set.
	Duration time.Duration

	// Key names the client a request counts against: Python Panther's
	// build_cache_key. Default: the user's id, else the client IP.
	Key func(r *Request) string

	// FailClosed answers 503 when the store cannot count a request (Redis
	// went away). Default: false — such requests pass.
	FailClosed bool
}

func (t *Throttle) check(where string) {
	switch {
	case t.Rate < 0:
		panic(fmt.Sprintf("panther: %s: Throttle.Rate %d is negative; use 0 to turn throttling off", where, t.Rate))
	case t.Rate > 0 && t.Duration < time.Second:
		panic(fmt.Sprintf("panther: %s: Throttle.Duration %v is shorter than a second; give the window, such as time.Minute", where, t.Duration))
	case t.Rate > 0 && t.Duration%time.Second != 0:
		panic(fmt.Sprintf("panther: %s: Throttle.Duration %v is not whole seconds; Retry-After and X-RateLimit-Reset count seconds", where, t.Duration))
	}
}

// throttleFor picks the API's throttle, else the app's; nil means none.
func throttleFor(api, global *Throttle) *Throttle {
	t := api
	if t == nil {
		t = global
	}
	if t == nil || t.Rate == 0 {
		return nil
	}
	return t
}

// throttleRequest is step 4: the request counts against its client's
// window; past Rate it is 429 with Retry-After. X-RateLimit-Limit,
// -Remaining and -Reset go on every response of a throttled API. If the
// store fails, the request passes (or, with Throttle.FailClosed, is
// 503); the store's breaker logs the outage once.
func (ep *endpoint) throttleRequest(w http.ResponseWriter, r *Request) error {
	t := ep.decl.Throttle
	if t == nil {
		return nil
	}
	now := time.Now()
	count, win, err := ep.count(r, now)
	if err != nil {
		if r.Context().Err() != nil {
			return errClientGone // not the store's failure: nobody is waiting for an answer
		}
		if ep.decl.Throttle.FailClosed {
			return NewError(http.StatusServiceUnavailable, "Service Unavailable")
		}
		return nil
	}
	h := w.Header()
	h["X-Ratelimit-Limit"] = r.hv.one(ep.limiter.limit)
	h["X-Ratelimit-Reset"] = r.hv.one(win.reset)
	h["X-Ratelimit-Remaining"] = r.hv.one(ep.remaining(max(0, int64(t.Rate)-count)))
	if count <= int64(t.Rate) {
		return nil
	}
	retry := int64((win.end.Sub(now) + time.Second - 1) / time.Second)
	return &Error{Status: http.StatusTooManyRequests, Detail: "Too Many Requests", Header: http.Header{"Retry-After": {strconv.FormatInt(retry, 10)}}}
}

// count is the throttle check proper: the request counted in its client's
// window, atomically, in the store.
func (ep *endpoint) count(r *Request, now time.Time) (int64, *window, error) {
	win := ep.limiter.windows.at(now, ep.decl.Throttle.Duration)
	kind, id := ep.app.client(r, ep.decl.Throttle.Key)
	n, err := ep.app.storeFor().Incr(r.Context(), win.key(ep.limiter.key, kind, id), win.end.Sub(now)+time.Second)
	return n, win, err
}

// remaining is the X-RateLimit-Remaining value n, from a table made at
// registration for the small values most requests see.
func (ep *endpoint) remaining(n int64) string {
	if n < int64(len(ep.limiter.remaining)) {
		return ep.limiter.remaining[n]
	}
	return strconv.FormatInt(n, 10)
}

// remainingTable holds the header values 0..min(rate, 256).
func remainingTable(rate int) []string {
	t := make([]string, min(rate, 256)+1)
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}

// window is one fixed throttle window, with what every request in it
// shares: its key suffix and its X-RateLimit-Reset value.
type window struct {
	start  int64 // Unix seconds
	end    time.Time
	suffix string // ":<start>"
	reset  string // the end, Unix seconds

	keys *memo[clientID, string] // store keys made in this window, so a client's next request makes none
}

type clientID struct{ kind, id string }

// The bounds of the keys a window remembers (see memo). A key is short — a
// user id or an IP — unless Throttle.Key makes it long; a long one is made
// per request, as it would be without the memo.
const (
	maxWindowKeys     = 10_000
	maxWindowKeyBytes = 1 << 20
	maxKeptWindowKey  = 256
)

// key is the store key of a client's counter in this window.
func (w *window) key(prefix, kind, id string) string {
	c := clientID{kind, id}
	if k, ok := w.keys.get(c); ok {
		return k
	}
	k := prefix + kind + id + w.suffix
	if len(k) <= maxKeptWindowKey {
		w.keys.put(c, k, len(k)+len(id))
	}
	return k
}

// windows holds an endpoint's current window, made once per window rather
// than per request.
type windows struct{ cur atomic.Pointer[window] }

// at returns the window now falls in: aligned to the floor of d counted
// from the Unix epoch, so every instance sharing a store agrees.
func (ws *windows) at(now time.Time, d time.Duration) *window {
	secs := int64(d / time.Second)
	start := now.Unix() - now.Unix()%secs
	if w := ws.cur.Load(); w != nil && w.start == start {
		return w
	}
	w := &window{
		start:  start,
		end:    time.Unix(start+secs, 0),
		suffix: ":" + strconv.FormatInt(start, 10),
		reset:  strconv.FormatInt(start+secs, 10),
		keys:   newMemo[clientID, string](maxWindowKeys, maxWindowKeyBytes),
	}
	ws.cur.Store(w)
	return w
}

// client is who a request counts as: key's answer if given, else the
// authenticated user, else the client IP — as a kind and an id, so a
// caller can build its key in one concatenation.
func (a *App) client(r *Request, key func(*Request) string) (kind, id string) {
	switch {
	case key != nil:
		return "key:", key(r)
	case r.user != nil:
		return "user:", r.user.UserID()
	}
	return "ip:", r.ClientIP()
}
