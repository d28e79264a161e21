package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/panthertest"
)

func client(t *testing.T) *panthertest.Client {
	return newClient(t, testApp(t, options{}))
}

// newClient is a test client of app that checks every request and
// response against the document the app serves: the tour's whole suite
// runs under the contract, so the document cannot drift from the wire.
func newClient(t testing.TB, app *panther.App) *panthertest.Client {
	t.Helper()
	c := panthertest.New(t, app)
	doc := c.Get("/openapi.json").WantStatus(http.StatusOK).Body
	return c.WithContract(panthertest.NewContract(t, doc, "/openapi.json", "/docs/", "/redoc/", "/scalar/"))
}

// testApp is the tour as its defaults configure it, with o's changes; it
// is closed when the test ends.
// inBubble runs f in a synctest bubble with a client of a new app, closed
// before f's bubble ends: the bubble looks for blocked goroutines (the
// database pool's) before cleanups run.
func inBubble(t *testing.T, o options, f func(t *testing.T, c *panthertest.Client)) {
	synctest.Test(t, func(t *testing.T) {
		app := testApp(t, o)
		defer app.Close()
		f(t, newClient(t, app))
	})
}

func testApp(t *testing.T, o options) *panther.App {
	t.Helper()
	if o.throttle == nil {
		o.throttle = &panther.Throttle{Rate: 1000, Duration: time.Minute}
	}
	if o.db == "" {
		o.db = "sqlite::memory:"
	}
	if o.hashParams == (password.Params{}) {
		o.hashParams = password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16} // fast, same format
	}
	app, err := newApp(slog.New(slog.DiscardHandler), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

func TestLimited(t *testing.T) {
	inBubble(t, options{}, func(t *testing.T, c *panthertest.Client) {
		for _, remaining := range []string{"2", "1", "0"} {
			c.Get("/limited/").WantStatus(http.StatusOK).WantBody(`{"ok":true}`).WantHeader("X-RateLimit-Limit", "3").WantHeader("X-RateLimit-Remaining", remaining)
		}
		c.Get("/limited").WantStatus(http.StatusTooManyRequests).WantBody(`{"detail":"Too Many Requests"}`).WantHeader("Retry-After", "10")
		time.Sleep(10 * time.Second)
		c.Get("/limited").WantStatus(http.StatusOK)
	})
}

func TestTimeIsCached(t *testing.T) {
	inBubble(t, options{}, func(t *testing.T, c *panthertest.Client) {
		var first, second, third struct {
			Now string `json:"now"`
			N   int    `json:"n"`
		}
		c.Get("/time/").WantStatus(http.StatusOK).WantHeader("X-Cache", "MISS").JSON(&first)
		time.Sleep(time.Second)
		c.Get("/time").WantHeader("X-Cache", "HIT").JSON(&second)
		time.Sleep(time.Second)
		c.Get("/time").WantHeader("X-Cache", "MISS").JSON(&third)
		if _, err := time.Parse(time.RFC3339, first.Now); err != nil || first.N != 1 || second != first || third.N != 2 {
			t.Errorf("got %+v, %+v, %+v; want the first answer twice, then n 2", first, second, third)
		}
	})
}

// The global throttle of -throttle applies to every API without its own.
func TestGlobalThrottle(t *testing.T) {
	inBubble(t, options{throttle: &panther.Throttle{Rate: 2, Duration: time.Minute}}, func(t *testing.T, c *panthertest.Client) {
		c.Get("/hello/a/").WantStatus(http.StatusOK).WantHeader("X-RateLimit-Limit", "2")
		c.Get("/hello/a/").WantStatus(http.StatusOK)
		c.Get("/hello/a/").WantStatus(http.StatusTooManyRequests)
		c.Get("/limited/").WantStatus(http.StatusOK).WantHeader("X-RateLimit-Limit", "3") // its own
	})
}

func TestParseThrottle(t *testing.T) {
	for in, want := range map[string]string{"1000/1m": "1000/1m0s", "5/10s": "5/10s", "0/1h": "0/1h0m0s"} {
		got, err := parseThrottle(in)
		if err != nil || fmt.Sprintf("%d/%v", got.Rate, got.Duration) != want {
			t.Errorf("parseThrottle(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "1000", "x/1m", "-1/1m", "5/500ms", "5/1.5s", "5/banana"} {
		if _, err := parseThrottle(bad); err == nil {
			t.Errorf("parseThrottle(%q) succeeded", bad)
		}
	}
	if _, err := newApp(slog.New(slog.DiscardHandler), options{redis: "http://nope"}); err == nil || !strings.Contains(err.Error(), "-redis: store/redis: redis: invalid URL scheme: http") {
		t.Errorf("a bad -redis URL: %v", err)
	}
}

func TestHello(t *testing.T) {
	c := client(t)
	for _, path := range []string{"/hello/ali/", "/hello/ali"} {
		c.Get(path).WantStatus(http.StatusOK).WantBody(`{"message":"Hello, ali!"}`)
	}
	c.Post("/hello/ali/", nil).WantStatus(http.StatusMethodNotAllowed).WantHeader("Allow", "GET, HEAD, OPTIONS")
	c.Get("/hello/").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
}

func TestTrace(t *testing.T) {
	res := client(t).Get("/trace/").WantStatus(http.StatusOK).WantBody(`{"trace":["g1","g2","a1","a2"]}`)
	res.WantHeader("X-Trace", "a2,a1,g2,g1")
}

func TestGlobalMiddlewares(t *testing.T) {
	c := client(t)
	res := c.WithHeader("Origin", "http://localhost:3000").Get("/nowhere/")
	res.WantStatus(http.StatusNotFound).WantHeader("Access-Control-Allow-Origin", "http://localhost:3000")
	if res.Header.Get("X-Request-ID") == "" {
		t.Error("a 404 has no X-Request-ID")
	}
	c.WithHeader("X-Request-ID", "abc-123").Get("/hello/x/").WantHeader("X-Request-ID", "abc-123")
	c.WithHeader("Origin", "http://evil.example").Get("/hello/x/").WantHeader("Access-Control-Allow-Origin", "")
}

func TestSlow(t *testing.T) {
	c := client(t)
	c.Get("/slow/?ms=0").WantStatus(http.StatusOK).WantBody(`{"slept_ms":0}`)
	for q, want := range map[string]string{
		"":         `{"ms":"is required"}`,
		"?ms=":     `{"ms":"is required"}`,
		"?ms=-1":   `{"ms":"must be at least 0"}`,
		"?ms=5001": `{"ms":"must be at most 5000"}`,
		"?ms=abc":  `{"ms":"must be an integer"}`,
		"?ms=%zz":  `{"ms":"is not a valid query value (bad %-escape)"}`,
	} {
		c.Get("/slow/" + q).WantStatus(http.StatusBadRequest).WantBody(want)
	}
}

// loggedIn is a client that sends username's access token.
func loggedIn(t *testing.T, c *panthertest.Client, username string) *panthertest.Client {
	t.Helper()
	var tok struct {
		Access string `json:"access_token"`
	}
	c.Post("/auth/login/", map[string]string{"username": username, "password": username + "-pass"}).WantStatus(http.StatusOK).JSON(&tok)
	return c.WithToken(tok.Access)
}

func TestNotes(t *testing.T) {
	c := loggedIn(t, client(t), "alice")
	c.Get("/notes/").WantStatus(http.StatusOK).WantBody(`[]`).WantHeader("X-Notes", "1")

	var created Note
	res := c.Post("/notes/", map[string]any{"title": "milk", "tags": []string{"shop"}}).WantStatus(http.StatusCreated)
	res.WantHeader("X-Notes", "1").JSON(&created)
	if created.ID != 1 || created.Title != "milk" || created.Owner != "alice" || created.CreatedAt.IsZero() || len(created.Tags) != 1 {
		t.Errorf("created %+v", created)
	}
	c.Post("/notes", map[string]any{"title": "eggs"}).WantStatus(http.StatusCreated)

	var list []Note
	c.Get("/notes").WantStatus(http.StatusOK).JSON(&list)
	if len(list) != 2 || list[0].Title != "milk" || list[1].Title != "eggs" {
		t.Errorf("list %+v", list)
	}
	c.Put("/notes/", map[string]any{"title": "x"}).WantStatus(http.StatusMethodNotAllowed).WantHeader("Allow", "GET, HEAD, POST, OPTIONS")

	var got Note
	c.Get("/notes/1/").WantStatus(http.StatusOK).JSON(&got)
	if got.Title != "milk" {
		t.Errorf("GET /notes/1/ = %+v", got)
	}
	c.Put("/notes/1", map[string]any{"title": "oat milk", "body": "2 l"}).WantStatus(http.StatusOK).JSON(&got)
	if got.Title != "oat milk" || got.Body != "2 l" || got.ID != 1 {
		t.Errorf("PUT /notes/1 = %+v", got)
	}
	c.Post("/notes/1/", map[string]any{"title": "x"}).WantStatus(http.StatusMethodNotAllowed).WantHeader("Allow", "GET, HEAD, PUT, DELETE, OPTIONS")
	c.Patch("/notes/1/", map[string]any{"title": "x"}).WantStatus(http.StatusMethodNotAllowed)
	c.Delete("/notes/1/").WantStatus(http.StatusNoContent).WantBody("")
	c.Get("/notes/1/").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
	c.Delete("/notes/1/").WantStatus(http.StatusNotFound)
	c.Get("/notes/abc/").WantStatus(http.StatusBadRequest).WantBody("{\"detail\":\"Path variable `abc` is not `int`\"}")
}

func TestNotesBadInput(t *testing.T) {
	c := loggedIn(t, client(t), "alice")
	c.Post("/notes/", map[string]any{"title": "kept"}).WantStatus(http.StatusCreated)
	tests := []struct {
		name   string
		body   any
		status int
		want   string
	}{
		{"malformed JSON", `{"title":`, http.StatusUnprocessableEntity, `{"detail":"JSON Decode Error"}`},
		{"no body", "", http.StatusBadRequest, `{"detail":"Request body is required"}`},
		{"null", "null", http.StatusBadRequest, `{"detail":"Request body is required"}`},
		{"missing title", map[string]any{"body": "x"}, http.StatusBadRequest, `{"title":"is required"}`},
		{"title of the wrong type", map[string]any{"title": 5}, http.StatusBadRequest, `{"title":"must be a string"}`},
		{"title too long", map[string]any{"title": strings.Repeat("a", 101)}, http.StatusBadRequest, `{"title":"must be at most 100 characters"}`},
		{"body too long", map[string]any{"title": "a", "body": strings.Repeat("b", 2001)}, http.StatusBadRequest, `{"body":"must be at most 2000 characters"}`},
		{"too many tags", map[string]any{"title": "a", "tags": []string{"1", "2", "3", "4", "5", "6"}}, http.StatusBadRequest, `{"tags":"must have at most 5 items"}`},
		{"empty tag", map[string]any{"title": "a", "tags": []string{"ok", ""}}, http.StatusBadRequest, `{"tags.1":"must be at least 1 character"}`},
		{"long tag", map[string]any{"title": "a", "tags": []string{strings.Repeat("t", 21)}}, http.StatusBadRequest, `{"tags.0":"must be at most 20 characters"}`},
		{"several", map[string]any{"tags": []string{""}}, http.StatusBadRequest, `{"tags.0":"must be at least 1 character","title":"is required"}`},
		{"too large", `{"title":"` + strings.Repeat("a", 1<<20) + `"}`, http.StatusRequestEntityTooLarge, `{"detail":"Request Entity Too Large"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.WithHeader("Content-Type", "application/json").Post("/notes/", tt.body).WantStatus(tt.status).WantBody(tt.want)
			c.WithHeader("Content-Type", "application/json").Put("/notes/1/", tt.body).WantStatus(tt.status).WantBody(tt.want)
		})
	}
	c.WithHeader("Content-Type", "text/yaml").Post("/notes/", "title: x").WantStatus(http.StatusUnsupportedMediaType)
	var notes []Note
	c.Get("/notes/").JSON(&notes)
	if len(notes) != 1 || notes[0].Title != "kept" {
		t.Errorf("bad input changed the notes: %+v", notes)
	}
}

// TestBinary runs the tour as a user does: it starts, logs its address,
// serves, refuses bad flags, and on SIGTERM lets an in-flight request
// finish before exiting 0.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tour binary")
	}
	bin := filepath.Join(t.TempDir(), "tour")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr"}, "flag needs an argument: -addr"},
		{[]string{"-throttle", "lots"}, `-throttle: "lots" is not RATE/DURATION`},
		{[]string{"-tick", "500ms"}, `-tick: "500ms" is not a period of whole seconds`},
		{[]string{"-secret", "short"}, "-secret: jwt: Config.Key has 5 bytes; HS256 needs at least 32"},
		{[]string{"-redis", "redis://127.0.0.1:1/0", "-addr", "127.0.0.1:0"}, "-redis: store/redis: cannot reach Redis at 127.0.0.1:1"},
	} {
		out, err := exec.Command(bin, bad.args...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), bad.want) {
			t.Errorf("tour %q: err %v, output %q; want a non-zero exit saying %q", bad.args, err, out, bad.want)
		}
	}

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := bufio.NewScanner(stderr)
	base := waitForAddress(t, lines)
	go io.Copy(io.Discard, stderr)

	res, err := http.Get(base + "/hello/gopher/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != `{"message":"Hello, gopher!"}` {
		t.Fatalf("GET /hello/gopher/: %d %s", res.StatusCode, body)
	}

	slow, wrote := make(chan string, 1), make(chan struct{})
	go func() {
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, base+"/slow/?ms=400", nil)
		// A new connection, never an idle one from before: a graceful
		// shutdown closes idle connections, and a request written to one
		// just then is lost and retried against a closed listener.
		fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := fresh.Do(req)
		if err != nil {
			slow <- err.Error()
			return
		}
		defer res.Body.Close()
		var v map[string]int
		json.NewDecoder(res.Body).Decode(&v)
		slow <- res.Status + " " + strings.TrimSpace(string(mustJSON(v)))
	}()
	<-wrote
	waitAccepted(t, base)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if got := <-slow; got != `200 OK {"slept_ms":400}` {
		t.Errorf("in-flight request during shutdown: %s", got)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("tour exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("tour did not exit within 15 s of SIGTERM")
	}
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

func waitForAddress(t *testing.T, lines *bufio.Scanner) string {
	t.Helper()
	var seen bytes.Buffer
	for lines.Scan() {
		seen.WriteString(lines.Text() + "\n")
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("the tour never logged its address; it wrote:\n%s", seen.String())
	return ""
}

// waitAccepted returns once the server has accepted every connection made
// before it was called: the listener accepts in order, so a response on a
// new connection means the earlier ones were taken too, and a graceful
// shutdown serves a taken connection's request.
func waitAccepted(t *testing.T, base string) {
	t.Helper()
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	res, err := fresh.Get(base + "/hello/probe/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// One user keeps at most 200 notes; deleting one makes room.
func TestNotesBounded(t *testing.T) {
	app := testApp(t, options{throttle: &panther.Throttle{Rate: 1000, Duration: time.Minute}})
	c := newClient(t, app)
	alice := c.WithToken(loginPair(t, c, "alice", "alice-pass").Access)
	var last struct {
		ID int `json:"id"`
	}
	for i := range 200 {
		alice.Post("/notes/", map[string]string{"title": fmt.Sprint("n", i)}).WantStatus(http.StatusCreated).JSON(&last)
	}
	alice.Post("/notes/", map[string]string{"title": "one more"}).WantStatus(http.StatusConflict).
		WantBody(`{"detail":"You have 200 notes, the most a user may keep; delete some first"}`)
	alice.Delete(fmt.Sprintf("/notes/%d/", last.ID)).WantStatus(http.StatusNoContent)
	alice.Post("/notes/", map[string]string{"title": "one more"}).WantStatus(http.StatusCreated)
}

// -db picks the database; a wrong one fails at start, saying how to fix
// it; on PostgreSQL (PANTHER_TEST_POSTGRES) the tour works as on SQLite.
func TestDatabaseFlag(t *testing.T) {
	for url, want := range map[string]string{
		"mysql://x": `-db: db: no backend for "mysql://x"`,
		"sqlite:" + t.TempDir() + "/no/such/dir/x.db": "check that its directory exists and is writable",
	} {
		if _, err := newApp(slog.New(slog.DiscardHandler), options{db: url}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("-db %s: %v, want %q", url, err, want)
		}
	}
	file := "sqlite:" + t.TempDir() + "/tour.db"
	for range 2 { // the second start finds the users there
		c := newClient(t, testApp(t, options{db: file}))
		loginPair(t, c, "alice", "alice-pass")
	}
	url := os.Getenv("PANTHER_TEST_POSTGRES")
	if url == "" {
		t.Skip("PANTHER_TEST_POSTGRES is not set")
	}
	app := testApp(t, options{db: url})
	c := newClient(t, app)
	admin := c.WithToken(loginPair(t, c, "admin", "admin-pass").Access)
	admin.Get("/admin/stats/").WantStatus(http.StatusOK).WantBody(`{"users":3,"notes":0}`)
	admin.Get("/me/").WantStatus(http.StatusOK)
}
