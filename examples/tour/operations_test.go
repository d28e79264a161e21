package main

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The probes and the metrics, as TOUR.md gives them.
func TestOperations(t *testing.T) {
	app := testApp(t, options{})
	c := newClient(t, app)
	c.Get("/healthz").WantStatus(http.StatusOK).WantBody(`{"status":"ok"}`)
	c.Get("/readyz").WantStatus(http.StatusOK).WantBody(`{"status":"ok"}`)
	c.Get("/hello/ada/").WantStatus(http.StatusOK)
	c.Get("/hello/bob/").WantStatus(http.StatusOK)
	c.Get("/time/").WantHeader("X-Cache", "MISS")
	c.Get("/time/").WantHeader("X-Cache", "HIT")
	for range 4 {
		c.Get("/limited/")
	}
	res := c.Get("/metrics").WantStatus(http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics Content-Type %q; want Prometheus text", ct)
	}
	for _, want := range []string{
		`panther_http_requests_total{method="GET",route="hello/<name>/",status="200"} 2`,
		`panther_http_request_duration_seconds_bucket{method="GET",route="hello/<name>/",le="+Inf"} 2`,
		`panther_throttled_total{route="limited/"} 1`,
		`panther_cache_requests_total{result="hit",route="time/"} 1`,
		`panther_cache_requests_total{result="miss",route="time/"} 1`,
	} {
		if !strings.Contains(res.Text(), want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(res.Text(), "hello/ada") || strings.Contains(res.Text(), "hello/bob") {
		t.Error("/metrics labels a raw path")
	}

	// The database gone: /readyz is 503 and names it; /healthz is still 200.
	app.DB().Close()
	c.Get("/readyz").WantStatus(http.StatusServiceUnavailable).
		WantBody(`{"status":"unavailable","detail":"Service Unavailable: database","failed":["database"]}`)
	c.Get("/healthz").WantStatus(http.StatusOK)
}

// The in-binary commands, run as the binary runs them.
func TestCommands(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "tour.db")
	run := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := program().Run(t.Context(), append(args, "-db", dbURL), strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, stderr := run("", "routes")
	if code != 0 {
		t.Fatalf("tour routes: exit %d\n%s", code, stderr)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = strings.Join(f, " ")
		}
	}
	for path, want := range map[string]string{
		"/admin/stats/": "/admin/stats/ GET required IsAdmin 5/10s - - Stats",
		"/limited/":     "/limited/ GET - - 3/10s - - -",
		"/time/":        "/time/ GET - - 1000/1m 2s - -",
		"/healthz/":     "/healthz/ GET - - - - - Health",
		"/books/<id>/":  "/books/<id>/ GET,PUT,PATCH,DELETE optional any of (ReadOnly, IsAdmin) 1000/1m 1m GET rowID, PUT BookIn, PATCH BookPatch, DELETE rowID GET Book, PUT Book, PATCH Book, DELETE 204 no body",
	} {
		if rows[path] != want {
			t.Errorf("tour routes, %s:\n got %s\nwant %s", path, rows[path], want)
		}
	}
	if code, out, stderr = run("", "migrate"); code != 0 || out != "migrated: users, book\n" {
		t.Errorf("tour migrate: exit %d, %q, %q", code, out, stderr)
	}
	if code, out, stderr = run("", "check"); code != 0 || out != "configuration: ok ("+strconv.Itoa(len(testApp(t, options{}).Routes()))+" routes)\ndatabase: ok\n" {
		t.Errorf("tour check: exit %d, %q, %q", code, out, stderr)
	}
	if code, out, stderr = run("carol-pass\n", "createuser", "carol"); code != 0 || !strings.HasPrefix(out, `created user "carol"`) {
		t.Errorf("tour createuser carol: exit %d, %q, %q", code, out, stderr)
	}
	if code, _, stderr = run("x\n", "createuser", "alice"); code != 1 || !strings.Contains(stderr, `the username "alice" is taken`) {
		t.Errorf("tour createuser alice: exit %d, %q; want 1, taken", code, stderr)
	}
	if code, _, stderr = run("", "check", "-redis", "redis://127.0.0.1:1/0"); code != 1 || !strings.Contains(stderr, "tour check: -redis:") {
		t.Errorf("tour check with Redis down: exit %d, %q; want 1 with the reason", code, stderr)
	}
	if code, _, stderr = run("", "nosuch"); code != 2 || !strings.Contains(stderr, "Usage: tour") {
		t.Errorf("tour nosuch: exit %d, %q; want 2 with the usage", code, stderr)
	}
}
