package panther_test

import (
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

func okHandler(*panther.Request) (any, error) { return map[string]bool{"ok": true}, nil }

// inBubble runs f with a fake clock that starts on a window boundary
// (midnight, 2000-01-01 UTC) and closes the app's store at the end.
func inBubble(t *testing.T, cfg panther.Config, f func(t *testing.T, app *panther.App, c *panthertest.Client)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		app := panther.New(cfg)
		defer app.Close()
		f(t, app, panthertest.New(t, app))
	})
}

func TestThrottleWindow(t *testing.T) {
	cfg := panther.Config{URLs: panther.URLs{
		"limited": panther.API{Throttle: &panther.Throttle{Rate: 3, Duration: 10 * time.Second}, Handler: okHandler},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		windowEnd := strconv.FormatInt(time.Now().Unix()+10, 10)
		for i, remaining := range []string{"2", "1", "0"} {
			res := c.Get("/limited/").WantStatus(http.StatusOK).WantBody(`{"ok":true}`)
			res.WantHeader("X-RateLimit-Limit", "3").WantHeader("X-RateLimit-Remaining", remaining).WantHeader("X-RateLimit-Reset", windowEnd)
			if res.Header.Get("Retry-After") != "" {
				t.Errorf("request %d passed with a Retry-After", i+1)
			}
		}
		time.Sleep(3500 * time.Millisecond)
		res := c.Get("/limited").WantStatus(http.StatusTooManyRequests).WantBody(`{"detail":"Too Many Requests"}`)
		res.WantHeader("Retry-After", "7").WantHeader("X-RateLimit-Remaining", "0").WantHeader("X-RateLimit-Reset", windowEnd)
		c.Get("/limited").WantStatus(http.StatusTooManyRequests).WantHeader("Retry-After", "7")

		time.Sleep(6499 * time.Millisecond) // one millisecond before the window ends
		c.Get("/limited").WantStatus(http.StatusTooManyRequests).WantHeader("Retry-After", "1")
		time.Sleep(time.Millisecond) // the next window
		next := strconv.FormatInt(time.Now().Unix()+10, 10)
		c.Get("/limited").WantStatus(http.StatusOK).WantHeader("X-RateLimit-Remaining", "2").WantHeader("X-RateLimit-Reset", next)
	})
}

// Windows are aligned to the floor of the duration from the epoch: a
// client arriving mid-window gets the rest of that window, not a fresh one.
func TestThrottleWindowsAlignToTheEpoch(t *testing.T) {
	cfg := panther.Config{URLs: panther.URLs{
		"m": panther.API{Throttle: &panther.Throttle{Rate: 1, Duration: time.Minute}, Handler: okHandler},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		time.Sleep(50 * time.Second)
		c.Get("/m").WantStatus(http.StatusOK).WantHeader("X-RateLimit-Reset", strconv.FormatInt(time.Now().Unix()+10, 10))
		c.Get("/m").WantStatus(http.StatusTooManyRequests).WantHeader("Retry-After", "10")
		time.Sleep(10 * time.Second)
		c.Get("/m").WantStatus(http.StatusOK)
	})
}

func TestThrottleScope(t *testing.T) {
	global := &panther.Throttle{Rate: 1, Duration: time.Minute}
	cfg := panther.Config{Throttle: global, URLs: panther.URLs{
		"global":     panther.API{Handler: okHandler},
		"global2":    panther.API{Handler: okHandler},
		"own":        panther.API{Throttle: &panther.Throttle{Rate: 2, Duration: time.Minute}, Handler: okHandler},
		"off":        panther.API{Throttle: &panther.Throttle{}, Handler: okHandler},
		"items/<id>": panther.API{Handler: okHandler},
		"by-header": panther.API{Throttle: &panther.Throttle{Rate: 1, Duration: time.Minute, Key: func(r *panther.Request) string {
			return r.Header.Get("X-Client")
		}}, Handler: okHandler},
		"struct": &noteAPI{API: panther.API{Throttle: &panther.Throttle{Rate: 1, Duration: time.Minute}}},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		c.Get("/global").WantStatus(200).WantHeader("X-RateLimit-Limit", "1")
		c.Get("/global/").WantStatus(429)                         // both spellings are one route
		c.Get("/global2").WantStatus(200)                         // counted per route
		c.Do(getFrom("10.0.0.9:1234", "/global")).WantStatus(200) // counted per client
		c.Get("/own").WantStatus(200).WantHeader("X-RateLimit-Limit", "2")
		c.Get("/own").WantStatus(200)
		c.Get("/own").WantStatus(429)
		for range 5 {
			c.Get("/off").WantStatus(200).WantHeader("X-RateLimit-Limit", "")
		}
		c.Get("/items/1").WantStatus(200)
		c.Get("/items/2").WantStatus(429) // one route, whatever the variable
		c.WithHeader("X-Client", "a").Get("/by-header").WantStatus(200)
		c.WithHeader("X-Client", "a").Get("/by-header").WantStatus(429)
		c.WithHeader("X-Client", "b").Get("/by-header").WantStatus(200)
		c.Get("/struct/").WantStatus(200)
		c.Get("/struct/").WantStatus(429)
	})
}

// Throttling runs after permissions (a denied request is not counted) and
// before input validation (a bad body is counted, and a throttled request
// is 429 before its body is read).
func TestThrottleOrder(t *testing.T) {
	deny := panther.PermissionFunc(func(r *panther.Request) (bool, error) { return r.Header.Get("X-Deny") == "", nil })
	cfg := panther.Config{URLs: panther.URLs{
		"x": panther.API{
			Permissions: []panther.Permission{deny},
			Throttle:    &panther.Throttle{Rate: 2, Duration: time.Minute},
			Input:       NoteIn{},
			Handler:     okHandler,
		},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		for range 3 {
			c.WithHeader("X-Deny", "1").Post("/x", map[string]string{"title": "a"}).WantStatus(403).WantHeader("X-RateLimit-Limit", "")
		}
		c.Post("/x", `{`).WantStatus(422).WantHeader("X-RateLimit-Remaining", "1")
		c.Post("/x", map[string]string{"title": "a"}).WantStatus(200).WantHeader("X-RateLimit-Remaining", "0")
		c.Post("/x", `{`).WantStatus(429)
	})
}

// Exactly Rate requests pass per window, however many arrive at once.
// The fake clock keeps the burst inside one window.
func TestThrottleConcurrentClients(t *testing.T) {
	cfg := panther.Config{URLs: panther.URLs{
		"x": panther.API{Throttle: &panther.Throttle{Rate: 100, Duration: time.Minute}, Handler: okHandler},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		var passed, refused atomic.Int64
		var wg sync.WaitGroup
		for range 1000 {
			wg.Go(func() {
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
				switch w.Code {
				case 200:
					passed.Add(1)
				case 429:
					refused.Add(1)
				}
			})
		}
		wg.Wait()
		if passed.Load() != 100 || refused.Load() != 900 {
			t.Errorf("%d passed and %d refused of 1000 at a rate of 100", passed.Load(), refused.Load())
		}
	})
}

func TestThrottleConfigErrors(t *testing.T) {
	for name, th := range map[string]*panther.Throttle{
		"negative rate":     {Rate: -1, Duration: time.Second},
		"no duration":       {Rate: 1},
		"sub-second":        {Rate: 1, Duration: 500 * time.Millisecond},
		"fractional second": {Rate: 1, Duration: 1500 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			got := panicMessage(func() {
				panther.New(panther.Config{URLs: panther.URLs{"x": panther.API{Throttle: th, Handler: okHandler}}})
			})
			if got == "" || got[:9] != "panther: " {
				t.Errorf("panic %q", got)
			}
			got = panicMessage(func() { panther.New(panther.Config{Throttle: th}) })
			if got == "" {
				t.Error("Config.Throttle: no panic")
			}
		})
	}
}
