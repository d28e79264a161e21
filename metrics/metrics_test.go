package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/sqlite"
	"github.com/panther-go/panther/metrics"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	return w
}

// scrape is the app's /metrics answer, its series lines only.
func scrape(t *testing.T, app *panther.App) string {
	t.Helper()
	w := get(t, app, http.MethodGet, "/metrics")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want the text format", ct)
	}
	return w.Body.String()
}

// wantLine fails unless the scrape has the series line exactly.
func wantLine(t *testing.T, body, line string) {
	t.Helper()
	for l := range strings.SplitSeq(body, "\n") {
		if l == line {
			return
		}
	}
	var near []string
	name, _, _ := strings.Cut(line, "{")
	for l := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(l, name) {
			near = append(near, l)
		}
	}
	t.Errorf("the scrape lacks %q; its %s lines:\n%s", line, name, strings.Join(near, "\n"))
}

func newApp(t *testing.T, cfg panther.Config) (*panther.App, *metrics.Metrics) {
	t.Helper()
	ok := func(*panther.Request) (any, error) { return map[string]bool{"ok": true}, nil }
	cfg.URLs = panther.URLs{
		"notes/<id>/": panther.API{Get: panther.Operation{Handler: ok}},
		"limited/":    panther.API{Get: panther.Operation{Handler: ok}, Throttle: &panther.Throttle{Rate: 2, Duration: time.Minute}},
		"cached/":     panther.API{Get: panther.Operation{Handler: ok}, Cache: time.Minute},
		"boom/": panther.API{Get: panther.Operation{Handler: func(*panther.Request) (any, error) {
			panic("boom")
		}}},
		"later/": panther.API{Post: panther.Operation{Handler: func(r *panther.Request) (any, error) {
			r.AfterResponse(func(context.Context) error { return errors.New("failed on purpose") })
			r.AfterResponse(func(context.Context) error { return nil })
			return nil, nil
		}}},
	}
	cfg.Logger = discard()
	app := panther.New(cfg)
	m := metrics.New(app, metrics.Options{})
	app.Handle("metrics", m.API())
	t.Cleanup(func() { app.Close() })
	return app, m
}

func TestRequestsThrottleAndCache(t *testing.T) {
	app, _ := newApp(t, panther.Config{})
	get(t, app, "GET", "/notes/1/")
	get(t, app, "GET", "/notes/2/")
	get(t, app, "DELETE", "/notes/2/") // 405
	get(t, app, "GET", "/nowhere/")    // 404
	get(t, app, "BREW", "/nowhere/")   // an invented method
	for range 3 {
		get(t, app, "GET", "/limited/") // 200, 200, 429
	}
	for range 3 {
		get(t, app, "GET", "/cached/") // miss, hit, hit
	}
	get(t, app, "GET", "/boom/") // a panic: 500
	body := scrape(t, app)
	for _, line := range []string{
		`panther_http_requests_total{method="GET",route="notes/<id>/",status="200"} 2`,
		`panther_http_requests_total{method="DELETE",route="notes/<id>/",status="405"} 1`,
		`panther_http_requests_total{method="GET",route="(unmatched)",status="404"} 1`,
		`panther_http_requests_total{method="OTHER",route="(unmatched)",status="404"} 1`,
		`panther_http_requests_total{method="GET",route="limited/",status="200"} 2`,
		`panther_http_requests_total{method="GET",route="limited/",status="429"} 1`,
		`panther_http_requests_total{method="GET",route="boom/",status="500"} 1`,
		`panther_http_request_duration_seconds_count{method="GET",route="notes/<id>/"} 2`,
		`panther_throttled_total{route="limited/"} 1`,
		`panther_cache_requests_total{result="miss",route="cached/"} 1`,
		`panther_cache_requests_total{result="hit",route="cached/"} 2`,
		`panther_store_breaker_open 0`,
		`panther_store_errors_total 0`,
	} {
		wantLine(t, body, line)
	}
	if !strings.Contains(body, "\ngo_goroutines ") {
		t.Error("the scrape lacks Go's runtime collector")
	}
}

// TestBoundedCardinality: ten thousand distinct paths, matched or not,
// add no series beyond the first request of each kind.
func TestBoundedCardinality(t *testing.T) {
	app, m := newApp(t, panther.Config{})
	series := func() int {
		families, err := m.Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range families {
			if strings.HasPrefix(f.GetName(), "panther_") {
				n += len(f.GetMetric())
			}
		}
		return n
	}
	get(t, app, "GET", "/notes/0/")
	get(t, app, "GET", "/unknown/0/")
	before := series()
	for i := range 10_000 {
		get(t, app, "GET", fmt.Sprintf("/notes/%d/", i))
		get(t, app, "GET", fmt.Sprintf("/unknown/%d/?q=%d", i, i))
	}
	if after := series(); after != before {
		t.Errorf("10,000 distinct paths took the panther_ series from %d to %d; want no new series", before, after)
	}
	wantLine(t, scrape(t, app), `panther_http_requests_total{method="GET",route="notes/<id>/",status="200"} 10001`)
}

func TestTasks(t *testing.T) {
	app, m := newApp(t, panther.Config{})
	if w := get(t, app, "POST", "/later/"); w.Code != http.StatusOK {
		t.Fatalf("POST /later/: %d", w.Code)
	}
	app.Close() // waits for the background runs
	w := get(t, m.Handler(), "GET", "/metrics")
	for _, line := range []string{
		`panther_task_runs_total{result="error",task="after POST later/"} 1`,
		`panther_task_runs_total{result="ok",task="after POST later/"} 1`,
		`panther_task_duration_seconds_count{task="after POST later/"} 2`,
	} {
		wantLine(t, w.Body.String(), line)
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// failingStore fails every call while down is set.
type failingStore struct {
	store.Store
	mu   sync.Mutex
	down bool
}

var errDown = errors.New("the store is down")

func (s *failingStore) isDown() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.down }

func (s *failingStore) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if s.isDown() {
		return 0, errDown
	}
	return s.Store.Incr(ctx, key, ttl)
}

func (s *failingStore) Get(ctx context.Context, key string) ([]byte, error) {
	if s.isDown() {
		return nil, errDown
	}
	return s.Store.Get(ctx, key)
}

func TestStoreErrorsAndBreaker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &failingStore{Store: memory.New(memory.Options{}), down: true}
		defer st.Store.Close()
		app, m := newApp(t, panther.Config{Store: st})
		defer app.Close()
		get(t, app, "GET", "/limited/") // the store fails: the throttle lets it through, the breaker opens
		body := scrape(t, app)
		wantLine(t, body, `panther_store_errors_total 1`)
		wantLine(t, body, `panther_store_breaker_open 1`)
		wantLine(t, body, `panther_http_requests_total{method="GET",route="limited/",status="200"} 1`)

		st.mu.Lock()
		st.down = false
		st.mu.Unlock()
		time.Sleep(time.Second) // past the breaker's backoff: the next call probes
		get(t, app, "GET", "/limited/")
		wantLine(t, get(t, m.Handler(), "GET", "/metrics").Body.String(), "panther_store_breaker_open 0")
	})
}

func TestDatabaseErrors(t *testing.T) {
	ctx := context.Background()
	d, err := sqlite.Open(ctx, "sqlite::memory:", db.Options{Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	type Missing struct {
		ID int64 `db:"id,pk"`
	}
	app, _ := newApp(t, panther.Config{DB: d})
	wantLine(t, scrape(t, app), "panther_database_errors_total 0")
	if _, err := db.NewTable[Missing](d).Get(ctx, 1); err == nil { // never migrated: no such table
		t.Fatal("a query of a table that does not exist succeeded")
	}
	body := scrape(t, app)
	wantLine(t, body, "panther_database_errors_total 1")
	if !strings.Contains(body, `go_sql_open_connections{db_name="sqlite"}`) {
		t.Error("the scrape lacks the pool's go_sql_ statistics")
	}
}

// TestOwnRegistry: a registry given in Options gets the collectors, and
// two apps in one process keep their own series.
func TestOwnRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	app := panther.New(panther.Config{Logger: discard(), URLs: panther.URLs{"x/": panther.API{Get: panther.Operation{Handler: func(*panther.Request) (any, error) { return 1, nil }}}}})
	defer app.Close()
	metrics.New(app, metrics.Options{Registry: reg})
	other, _ := newApp(t, panther.Config{})
	get(t, app, "GET", "/x/")
	get(t, other, "GET", "/notes/1/")
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, f := range families {
		if f.GetName() == "panther_http_requests_total" {
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "route" {
						routes = append(routes, l.GetValue())
					}
				}
			}
		}
	}
	if strings.Join(routes, ",") != "x/" {
		t.Errorf("the given registry has requests of routes %q, want only x/", routes)
	}
}
