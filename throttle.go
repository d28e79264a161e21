package panther

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Throttle limits how many requests one client makes to one API per
// window: Rate requests per Duration. Windows are fixed and aligned to the
// floor of Duration counted from the Unix epoch, so every instance sharing
// a store agrees on them. The client is the authenticated user, else the
// client IP (see Request.ClientIP), unless Key says otherwise.
//
// A Throttle on an API replaces Config.Throttling for it; a Throttle with
// Rate 0 turns throttling off for that API.
type Throttle struct {
	// Rate is how many requests pass per window. 0 turns throttling off.
	Rate int

	// Duration is the window's length. Required when Rate is set.
	Duration time.Duration

	// Key names the client a request counts against: Python Panther's
	// build_cache_key. Default: the user's id, else the client IP.
	Key func(r *Request) string
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
// store fails, the request passes (or, with Config.ThrottleFailClosed, is
// 503) and the failure is logged, at most once a minute.
func (ep *endpoint) throttleRequest(w http.ResponseWriter, r *Request) error {
	t := ep.throttle
	if t == nil {
		return nil
	}
	now := time.Now()
	secs := int64(t.Duration / time.Second)
	start := now.Unix() - now.Unix()%secs // the window's floor, counted from the epoch
	end := time.Unix(start+secs, 0)
	key := "throttle:" + ep.pattern + ":" + ep.app.clientKey(r, t.Key) + ":" + strconv.FormatInt(start, 10)
	count, err := ep.app.storeFor().Incr(r.Context(), key, end.Sub(now)+time.Second)
	if err != nil {
		ep.app.storeFailed(r.Request, "throttle", err)
		if ep.app.cfg.ThrottleFailClosed {
			return NewError(http.StatusServiceUnavailable, "Service Unavailable")
		}
		return nil
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(t.Rate))
	h.Set("X-RateLimit-Remaining", strconv.FormatInt(max(0, int64(t.Rate)-count), 10))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(end.Unix(), 10))
	if count <= int64(t.Rate) {
		return nil
	}
	retry := int64((end.Sub(now) + time.Second - 1) / time.Second)
	return &Error{Status: http.StatusTooManyRequests, Detail: "Too Many Requests", Header: http.Header{"Retry-After": {strconv.FormatInt(retry, 10)}}}
}

// clientKey is who a request counts as: key's answer if given, else the
// authenticated user, else the client IP.
func (a *App) clientKey(r *Request, key func(*Request) string) string {
	if key != nil {
		return key(r)
	}
	if r.user != nil {
		return "user:" + r.user.UserID()
	}
	return "ip:" + r.ClientIP()
}
