package panther_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// counter answers with how often it was called and the query it saw.
type counter struct{ n atomic.Int64 }

func (c *counter) handle(r *panther.Request) (any, error) {
	n := c.n.Add(1)
	switch r.Query("status") {
	case "404":
		return nil, panther.NewError(http.StatusNotFound, "")
	case "202":
		return panther.Response{Status: http.StatusAccepted, Data: n}, nil
	case "cookie":
		return panther.Response{Data: n, Cookies: []*http.Cookie{{Name: "seen", Value: "1"}}}, nil
	}
	return panther.Response{Data: map[string]any{"n": n, "q": r.URL.RawQuery}, Header: http.Header{"X-Made": {"yes"}}}, nil
}

func TestCache(t *testing.T) {
	var calls counter
	cfg := panther.Config{URLs: panther.URLs{
		"time":   panther.API{Cache: 2 * time.Second, Handler: calls.handle},
		"struct": &cachedAPI{API: panther.API{Cache: time.Minute}, calls: &calls},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		miss := c.Get("/time").WantStatus(200).WantHeader("X-Cache", "MISS").WantHeader("X-Made", "yes")
		hit := c.Get("/time/").WantStatus(200).WantHeader("X-Cache", "HIT").WantHeader("X-Made", "yes")
		hit.WantHeader("Content-Type", "application/json").WantHeader("Content-Length", miss.Header.Get("Content-Length"))
		if string(hit.Body) != string(miss.Body) || calls.n.Load() != 1 {
			t.Fatalf("hit %s after miss %s; %d calls", hit.Body, miss.Body, calls.n.Load())
		}
		c.Head("/time").WantStatus(200).WantHeader("X-Cache", "HIT").WantBody("")

		time.Sleep(2*time.Second - time.Nanosecond)
		c.Get("/time").WantHeader("X-Cache", "HIT")
		time.Sleep(time.Nanosecond) // exactly the TTL
		c.Get("/time").WantHeader("X-Cache", "MISS").WantBody(`{"n":2,"q":""}`)

		// The query is part of the key, its order is not.
		c.Get("/time?a=1&b=2").WantHeader("X-Cache", "MISS").WantBody(`{"n":3,"q":"a=1&b=2"}`)
		c.Get("/time?b=2&a=1").WantHeader("X-Cache", "HIT").WantBody(`{"n":3,"q":"a=1&b=2"}`)
		c.Get("/time?a=2&b=2").WantHeader("X-Cache", "MISS")

		// Each client has its own entries.
		c.Do(getFrom("10.1.1.1:5", "/time")).WantHeader("X-Cache", "MISS")

		// Only 2xx without cookies is kept; POST never is.
		before := calls.n.Load()
		c.Get("/time?status=404").WantStatus(404)
		c.Get("/time?status=404").WantStatus(404)
		c.Get("/time?status=cookie").WantStatus(200).WantHeader("X-Cache", "BYPASS")
		c.Get("/time?status=cookie").WantStatus(200).WantHeader("X-Cache", "BYPASS")
		c.Get("/time?status=202").WantStatus(202).WantHeader("X-Cache", "MISS")
		c.Get("/time?status=202").WantStatus(202).WantHeader("X-Cache", "HIT")
		c.Post("/time", nil).WantStatus(200).WantHeader("X-Cache", "")
		c.Post("/time", nil).WantStatus(200).WantHeader("X-Cache", "")
		if got := calls.n.Load() - before; got != 7 {
			t.Errorf("%d calls for 4 uncacheable GETs, 1 cacheable and 2 POSTs; want 7", got)
		}

		c.Get("/struct").WantHeader("X-Cache", "MISS")
		c.Get("/struct").WantHeader("X-Cache", "HIT")
	})
}

type cachedAPI struct {
	panther.API
	calls *counter
}

func (a *cachedAPI) Get(r *panther.Request) (any, error) { return a.calls.handle(r) }

// Permissions and throttling still run before a hit.
func TestCacheAfterPermissionsAndThrottle(t *testing.T) {
	var calls counter
	deny := panther.PermissionFunc(func(r *panther.Request) (bool, error) { return r.Header.Get("X-Deny") == "", nil })
	cfg := panther.Config{URLs: panther.URLs{
		"x": panther.API{
			Cache:       time.Minute,
			Permissions: []panther.Permission{deny},
			Throttle:    &panther.Throttle{Rate: 3, Duration: time.Minute},
			Handler:     calls.handle,
		},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		c.Get("/x").WantHeader("X-Cache", "MISS").WantHeader("X-RateLimit-Remaining", "2")
		c.WithHeader("X-Deny", "1").Get("/x").WantStatus(403).WantHeader("X-Cache", "")
		c.Get("/x").WantHeader("X-Cache", "HIT").WantHeader("X-RateLimit-Remaining", "1")
		c.Get("/x").WantHeader("X-Cache", "HIT").WantHeader("X-RateLimit-Remaining", "0")
		c.Get("/x").WantStatus(429).WantHeader("X-Cache", "")
		if calls.n.Load() != 1 {
			t.Errorf("%d endpoint calls, want 1", calls.n.Load())
		}
	})
}

// Concurrent misses for one key call the endpoint once.
func TestCacheSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int64
		release := make(chan struct{})
		app := panther.New(panther.Config{URLs: panther.URLs{
			"slow": panther.API{Cache: time.Minute, Handler: func(r *panther.Request) (any, error) {
				n := calls.Add(1)
				<-release
				return n, nil
			}},
		}})
		defer app.Close()
		const clients = 50
		bodies := make([]string, clients)
		var wg sync.WaitGroup
		for i := range clients {
			wg.Go(func() {
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil))
				bodies[i] = strconv.Itoa(w.Code) + " " + w.Header().Get("X-Cache") + " " + w.Body.String()
			})
		}
		synctest.Wait() // every client is waiting: one in the endpoint, the rest on it
		close(release)
		wg.Wait()
		if calls.Load() != 1 {
			t.Errorf("the endpoint ran %d times for %d concurrent misses, want once", calls.Load(), clients)
		}
		for i, b := range bodies {
			if b != "200 MISS 1" {
				t.Errorf("client %d got %q, want %q", i, b, "200 MISS 1")
			}
		}
	})
}

// A client that leaves while waiting on another's call stops waiting; the
// call goes on and fills the cache.
func TestCacheSingleFlightWaiterLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		app := panther.New(panther.Config{URLs: panther.URLs{
			"slow": panther.API{Cache: time.Minute, Handler: func(r *panther.Request) (any, error) {
				<-release
				return "done", nil
			}},
		}})
		defer app.Close()
		leader := make(chan *httptest.ResponseRecorder)
		go func() {
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil))
			leader <- w
		}()
		synctest.Wait()
		ctx, cancel := contextWithCancel()
		waiter := make(chan *httptest.ResponseRecorder)
		go func() {
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil).WithContext(ctx))
			waiter <- w
		}()
		synctest.Wait()
		cancel()
		if w := <-waiter; w.Body.Len() != 0 {
			t.Errorf("a waiter that left got %q", w.Body)
		}
		close(release)
		if w := <-leader; w.Body.String() != `"done"` {
			t.Errorf("leader got %q", w.Body)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil))
		if w.Header().Get("X-Cache") != "HIT" {
			t.Errorf("after the call: X-Cache %q, want HIT", w.Header().Get("X-Cache"))
		}
	})
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// App.InvalidateCache drops the cached answers of the APIs of a group,
// and only those.
func TestCacheGroup(t *testing.T) {
	var n atomic.Int64
	count := func(*panther.Request) (any, error) { return n.Add(1), nil }
	app := panther.New(panther.Config{URLs: panther.URLs{
		"a": panther.API{Cache: time.Hour, CacheGroup: "g", Handler: count},
		"b": panther.API{Cache: time.Hour, CacheGroup: "g", Handler: count},
		"c": panther.API{Cache: time.Hour, Handler: count},
		"write": panther.API{Methods: []string{"POST"}, Handler: func(r *panther.Request) (any, error) {
			return nil, r.InvalidateCache("g")
		}},
	}})
	c := panthertest.New(t, app)
	c.Get("/a").WantHeader("X-Cache", "MISS").WantBody("1")
	c.Get("/b").WantHeader("X-Cache", "MISS").WantBody("2")
	c.Get("/c").WantHeader("X-Cache", "MISS").WantBody("3")
	c.Get("/a").WantHeader("X-Cache", "HIT").WantBody("1")
	c.Post("/write", nil).WantStatus(200)
	c.Get("/a").WantHeader("X-Cache", "MISS").WantBody("4")
	c.Get("/b").WantHeader("X-Cache", "MISS").WantBody("5")
	c.Get("/c").WantHeader("X-Cache", "HIT").WantBody("3") // not in the group
	if err := app.InvalidateCache(t.Context(), "g"); err != nil {
		t.Fatal(err)
	}
	c.Get("/a").WantHeader("X-Cache", "MISS").WantBody("6")
}

// An Input of path and query parameters alone is read on a miss only — a
// hit answers a URL that was valid — and a bad one is never kept; one
// with a header parameter is checked before the cache, every time.
func TestCachedInputs(t *testing.T) {
	type page struct {
		N int `query:"n" validate:"min=1"`
	}
	type tenant struct {
		N      int    `query:"n"`
		Tenant string `header:"X-Tenant" validate:"required"`
	}
	var calls atomic.Int64
	app := panther.New(panther.Config{URLs: panther.URLs{
		"q": panther.API{Cache: time.Hour, Get: panther.Typed(func(r *panther.Request, in page) (int, error) { calls.Add(1); return in.N, nil })},
		"h": panther.API{Cache: time.Hour, Get: panther.Typed(func(r *panther.Request, in tenant) (int, error) { calls.Add(1); return in.N, nil })},
	}})
	c := panthertest.New(t, app)
	for range 2 {
		c.Get("/q?n=0").WantStatus(http.StatusBadRequest).WantBody(`{"n":"must be at least 1"}`).WantHeader("X-Cache", "BYPASS")
	}
	c.Get("/q?n=2").WantStatus(http.StatusOK).WantBody("2").WantHeader("X-Cache", "MISS")
	c.Get("/q?n=2").WantStatus(http.StatusOK).WantBody("2").WantHeader("X-Cache", "HIT")
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1", calls.Load())
	}
	acme := c.WithHeader("X-Tenant", "acme")
	acme.Get("/h?n=3").WantStatus(http.StatusOK).WantHeader("X-Cache", "MISS")
	acme.Get("/h?n=3").WantStatus(http.StatusOK).WantHeader("X-Cache", "HIT")
	c.Get("/h?n=3").WantStatus(http.StatusBadRequest).WantBody(`{"X-Tenant":"is required"}`).WantHeader("X-Cache", "")
}
