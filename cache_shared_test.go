package panther_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// A cache shared by everyone with one IP must not hand one user's answer
// to another (RFC 9111 §3.5): on an API without Auth, requests with
// credentials the handler may read itself bypass the cache.
func TestCacheCredentialsBypass(t *testing.T) {
	var calls counter
	personal := func(r *panther.Request) (any, error) {
		calls.n.Add(1)
		who := r.Header.Get("Authorization")
		if c, err := r.Cookie("session"); err == nil {
			who = c.Value
		}
		return map[string]string{"for": who}, nil
	}
	cfg := panther.Config{URLs: panther.URLs{
		"me":     panther.API{Cache: time.Minute, Handler: personal},
		"public": panther.API{Cache: time.Minute, CachePublic: true, Handler: personal},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		alice, bob := c.WithHeader("Authorization", "alice"), c.WithHeader("Authorization", "bob")
		alice.Get("/me").WantHeader("X-Cache", "BYPASS").WantBody(`{"for":"alice"}`)
		bob.Get("/me").WantHeader("X-Cache", "BYPASS").WantBody(`{"for":"bob"}`)
		c.WithHeader("Cookie", "session=carol").Get("/me").WantHeader("X-Cache", "BYPASS").WantBody(`{"for":"carol"}`)
		c.WithHeader("Cookie", "session=dave").Get("/me").WantHeader("X-Cache", "BYPASS").WantBody(`{"for":"dave"}`)
		// Anonymous requests are cached, and credentials never get that entry.
		c.Get("/me").WantHeader("X-Cache", "MISS").WantBody(`{"for":""}`)
		c.Get("/me").WantHeader("X-Cache", "HIT")
		alice.Get("/me").WantHeader("X-Cache", "BYPASS").WantBody(`{"for":"alice"}`)

		// CachePublic: the API says its answers ignore credentials.
		alice.Get("/public").WantHeader("X-Cache", "MISS").WantBody(`{"for":"alice"}`)
		bob.Get("/public").WantHeader("X-Cache", "HIT").WantBody(`{"for":"alice"}`)
		if n := calls.n.Load(); n != 7 {
			t.Errorf("%d endpoint calls, want 7", n)
		}
	})
}

// What the handler says about caching is obeyed.
func TestCacheHandlerDirectives(t *testing.T) {
	var calls atomic.Int64
	answer := func(h http.Header) panther.HandlerFunc {
		return func(r *panther.Request) (any, error) {
			return panther.Response{Data: calls.Add(1), Header: h}, nil
		}
	}
	cfg := panther.Config{URLs: panther.URLs{
		"no-store": panther.API{Cache: time.Minute, Handler: answer(http.Header{"Cache-Control": {"no-store"}})},
		"private":  panther.API{Cache: time.Minute, Handler: answer(http.Header{"Cache-Control": {"max-age=60, Private"}})},
		"no-cache": panther.API{Cache: time.Minute, Handler: answer(http.Header{"Cache-Control": {`no-cache="Set-Cookie"`}})},
		"star":     panther.API{Cache: time.Minute, Handler: answer(http.Header{"Vary": {"*"}})},
		"public":   panther.API{Cache: time.Minute, Handler: answer(http.Header{"Cache-Control": {"public, max-age=60"}})},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		for _, path := range []string{"/no-store", "/private", "/no-cache", "/star"} {
			c.Get(path).WantHeader("X-Cache", "BYPASS")
			c.Get(path).WantHeader("X-Cache", "BYPASS")
		}
		c.Get("/public").WantHeader("X-Cache", "MISS").WantHeader("Cache-Control", "public, max-age=60")
		c.Get("/public").WantHeader("X-Cache", "HIT").WantHeader("Cache-Control", "public, max-age=60")
		if n := calls.Load(); n != 9 {
			t.Errorf("%d endpoint calls, want 9", n)
		}
	})
}

// A response with Vary is kept once per value of the headers it names.
func TestCacheVary(t *testing.T) {
	var calls atomic.Int64
	cfg := panther.Config{URLs: panther.URLs{
		"greeting": panther.API{Cache: time.Minute, Handler: func(r *panther.Request) (any, error) {
			n := calls.Add(1)
			return panther.Response{
				Data:   fmt.Sprintf("%s %d", r.Header.Get("Accept-Language"), n),
				Header: http.Header{"Vary": {"accept-language, X-Unused", "Accept-Language"}},
			}, nil
		}},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		en, fr := c.WithHeader("Accept-Language", "en"), c.WithHeader("Accept-Language", "fr")
		en.Get("/greeting").WantHeader("X-Cache", "MISS").WantBody(`"en 1"`)
		en.Get("/greeting").WantHeader("X-Cache", "HIT").WantBody(`"en 1"`)
		fr.Get("/greeting").WantHeader("X-Cache", "MISS").WantBody(`"fr 2"`)
		fr.Get("/greeting").WantHeader("X-Cache", "HIT").WantBody(`"fr 2"`)
		en.Get("/greeting").WantHeader("X-Cache", "HIT").WantBody(`"en 1"`)
		c.Get("/greeting").WantHeader("X-Cache", "MISS").WantBody(`" 3"`)
		c.Get("/greeting").WantHeader("X-Cache", "HIT").WantBody(`" 3"`)
		en.WithHeader("X-Unused", "1").Get("/greeting").WantHeader("X-Cache", "MISS").WantBody(`"en 4"`)
	})
}

// Concurrent misses with different values of a varying header do not get
// each other's answer.
func TestCacheVarySingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		app := panther.New(panther.Config{URLs: panther.URLs{
			"slow": panther.API{Cache: time.Minute, Handler: func(r *panther.Request) (any, error) {
				<-release
				return panther.Response{Data: r.Header.Get("Accept-Language"), Header: http.Header{"Vary": {"Accept-Language"}}}, nil
			}},
		}})
		defer app.Close()
		langs := []string{"en", "fr", "en", "de", "fr"}
		got := make([]string, len(langs))
		var wg sync.WaitGroup
		for i, lang := range langs {
			wg.Go(func() {
				w := httptest.NewRecorder()
				req := httptest.NewRequest("GET", "/slow", nil)
				req.Header.Set("Accept-Language", lang)
				app.ServeHTTP(w, req)
				got[i] = w.Body.String()
			})
			synctest.Wait() // in order: the first is the leader
		}
		close(release)
		wg.Wait()
		for i, lang := range langs {
			if got[i] != `"`+lang+`"` {
				t.Errorf("client %d asked in %s and got %s", i, lang, got[i])
			}
		}
	})
}

// A URL too long to cache cheaply is served but not kept; a long one
// within the bound is kept under a hashed key.
func TestCacheLongURLs(t *testing.T) {
	var calls counter
	cfg := panther.Config{URLs: panther.URLs{"time": panther.API{Cache: time.Minute, Handler: calls.handle}}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		long := "/time?pad=" + strings.Repeat("x", 1000)
		c.Get(long).WantHeader("X-Cache", "MISS")
		c.Get(long).WantHeader("X-Cache", "HIT")
		c.Get(long+"y").WantHeader("X-Cache", "MISS")
		huge := "/time?pad=" + strings.Repeat("x", 5000)
		c.Get(huge).WantStatus(200).WantHeader("X-Cache", "BYPASS")
		c.Get(huge).WantStatus(200).WantHeader("X-Cache", "BYPASS")
		if n := calls.n.Load(); n != 4 {
			t.Errorf("%d endpoint calls, want 4", n)
		}
	})
}

// A body over 1 MiB is sent whole but not kept.
func TestCacheLargeBody(t *testing.T) {
	big := strings.Repeat("x", 1<<20+1)
	var calls atomic.Int64
	cfg := panther.Config{URLs: panther.URLs{"big": panther.API{Cache: time.Minute, Handler: func(*panther.Request) (any, error) {
		calls.Add(1)
		return panther.Text(big), nil
	}}}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		for range 2 {
			if res := c.Get("/big").WantStatus(200).WantHeader("X-Cache", "BYPASS"); len(res.Body) != len(big) {
				t.Errorf("got %d bytes, want %d", len(res.Body), len(big))
			}
		}
		if calls.Load() != 2 {
			t.Errorf("%d calls, want 2: a body this large is not kept", calls.Load())
		}
	})
}

// When the call that fills a key fails for its own reasons — its client
// left, it panicked — the requests waiting on it do not get its answer;
// they call the endpoint themselves.
func TestCacheSingleFlightLeaderFails(t *testing.T) {
	tests := []struct {
		name string
		fail func(cancel func()) (any, error)
	}{
		{"leader's client leaves", func(cancel func()) (any, error) { cancel(); return nil, fmt.Errorf("cut short") }},
		{"leader panics", func(func()) (any, error) { panic("boom") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int64
				release, second := make(chan struct{}), make(chan struct{})
				cancelLeader := func() {}
				app := panther.New(panther.Config{
					Logger: (&capturedLog{}).logger(),
					URLs: panther.URLs{"slow": panther.API{Cache: time.Minute, Handler: func(r *panther.Request) (any, error) {
						if calls.Add(1) == 1 {
							<-release
							return tt.fail(cancelLeader)
						}
						<-second // until every waiter has looked again and joined this call
						return "fresh", nil
					}}},
				})
				defer app.Close()
				ctx, cancel := contextWithCancel()
				cancelLeader = cancel
				go app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/slow", nil).WithContext(ctx))
				synctest.Wait()
				const waiters = 5
				got := make([]string, waiters)
				var wg sync.WaitGroup
				for i := range waiters {
					wg.Go(func() {
						w := httptest.NewRecorder()
						app.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil))
						got[i] = fmt.Sprint(w.Code, " ", w.Body.String())
					})
				}
				synctest.Wait()
				close(release)
				synctest.Wait() // the waiters looked again; one leads, the rest wait on it
				close(second)
				wg.Wait()
				for i, g := range got {
					if g != `200 "fresh"` {
						t.Errorf("waiter %d got %s, want 200 \"fresh\"", i, g)
					}
				}
				// One waiter called again for all: the rest shared its answer.
				if n := calls.Load(); n != 2 {
					t.Errorf("the endpoint ran %d times, want 2", n)
				}
			})
		})
	}
}

// Header values are never shared between responses: a middleware that
// edits one in place changes its own response only.
func TestHeaderValuesNotShared(t *testing.T) {
	scribble := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if r.Header.Get("X-Scribble") == "" {
				return
			}
			for _, vs := range w.Header() {
				for i := range vs {
					vs[i] = "scribbled"
				}
			}
		})
	}
	app := panther.New(panther.Config{
		Middlewares: []panther.Middleware{scribble},
		URLs: panther.URLs{
			"cached":  panther.API{Cache: time.Minute, Handler: okHandler},
			"limited": panther.API{Throttle: &panther.Throttle{Rate: 100, Duration: time.Minute}, Handler: okHandler},
			"plain":   panther.API{Handler: okHandler},
			"missing": panther.API{Handler: func(*panther.Request) (any, error) { return nil, panther.NewError(http.StatusNotFound, "") }},
		},
	})
	defer app.Close()
	for _, path := range []string{"/cached", "/cached", "/limited", "/plain", "/missing", "/nowhere"} {
		first := httptest.NewRequest("GET", path, nil)
		first.Header.Set("X-Scribble", "1")
		app.ServeHTTP(httptest.NewRecorder(), first)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		for k, vs := range w.Header() {
			for _, v := range vs {
				if v == "scribbled" {
					t.Errorf("GET %s: %s was scribbled over by the middleware of an earlier response", path, k)
				}
			}
		}
	}
}

// A stream on a cached API reaches its first client as it is written;
// a small one is kept, one over 1 MiB is not.
func TestCacheStream(t *testing.T) {
	var calls atomic.Int64
	stream := func(chunks int) panther.HandlerFunc {
		return func(*panther.Request) (any, error) {
			calls.Add(1)
			return panther.Stream("text/plain", func(yield func([]byte) bool) {
				for range chunks {
					if !yield([]byte(strings.Repeat("x", 64<<10))) {
						return
					}
				}
			}), nil
		}
	}
	cfg := panther.Config{URLs: panther.URLs{
		"small": panther.API{Cache: time.Minute, Handler: stream(2)},
		"large": panther.API{Cache: time.Minute, Handler: stream(20)},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/small", nil))
		if !w.Flushed || w.Body.Len() != 128<<10 || w.Header().Get("X-Cache") != "MISS" {
			t.Errorf("first GET /small: flushed %v, %d bytes, X-Cache %q; want flushed, 131072, MISS", w.Flushed, w.Body.Len(), w.Header().Get("X-Cache"))
		}
		w = httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/small", nil)) // the same client
		if w.Body.Len() != 128<<10 || w.Header().Get("X-Cache") != "HIT" {
			t.Errorf("second GET /small: %d bytes, X-Cache %q; want 131072, HIT", w.Body.Len(), w.Header().Get("X-Cache"))
		}
		for range 2 {
			if res := c.Get("/large"); len(res.Body) != 20*64<<10 {
				t.Errorf("GET /large: %d bytes, want %d", len(res.Body), 20*64<<10)
			}
		}
		if n := calls.Load(); n != 3 {
			t.Errorf("%d calls, want 3: the small stream kept, the large one not", n)
		}
	})
}
