package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/auth/users"
	"github.com/panther-go/panther/cli"
	"github.com/panther-go/panther/db"
	_ "github.com/panther-go/panther/db/sqlite"
	"github.com/panther-go/panther/permission"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
	"github.com/panther-go/panther/store/redis"
)

// Note is the test app's model.
type Note struct {
	ID   int64  `db:"id" json:"id"`
	Text string `db:"text" json:"text"`
}

type NoteIn struct {
	Text string `json:"text" validate:"required"`
}

// testApp is a small app on a SQLite file: its flags -db and -redis, a
// user model and a notes table. Each Run builds it anew, as a binary
// would.
type testApp struct {
	dbURL, redisURL string
	store           store.Store // a store of the test's, when set
	built           *panther.App
	listening       chan string
}

func newTestApp(t *testing.T) *testApp {
	return &testApp{dbURL: "sqlite:" + filepath.Join(t.TempDir(), "app.db"), listening: make(chan string, 1)}
}

func (ta *testApp) program() cli.Program {
	return cli.Program{
		Name: "demo",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&ta.dbURL, "db", ta.dbURL, "the database")
			fs.StringVar(&ta.redisURL, "redis", "", "a Redis URL")
		},
		Build: func(ctx context.Context) (*cli.Project, error) {
			st := ta.store
			if ta.redisURL != "" {
				rs, err := redis.New(ctx, ta.redisURL, redis.Options{})
				if err != nil {
					return nil, errors.New("-redis: " + err.Error())
				}
				st = rs
			}
			d, err := db.Open(ctx, ta.dbURL, db.Options{})
			if err != nil {
				return nil, err
			}
			accounts := users.New(d, password.Params{Time: 1, Memory: 8 << 10, Threads: 1})
			notes := db.NewTable[Note](d)
			tokens, err := jwt.New(jwt.Config{Key: []byte("a test key of at least thirty-two bytes"), LoadUser: accounts.Load})
			if err != nil {
				return nil, err
			}
			app := panther.New(panther.Config{
				Authenticator: tokens,
				DB:            d,
				Store:         st,
				Logger:        slog.New(&listenHandler{addr: ta.listening}),
				URLs: panther.URLs{
					"notes/": panther.API{
						Auth:        panther.AuthOptional,
						Permissions: []panther.Permission{permission.ReadOnly{}},
						Throttle:    &panther.Throttle{Rate: 5, Duration: time.Minute},
						Cache:       10 * time.Second,
						Get:         panther.Operation{Output: []Note{}, Handler: func(*panther.Request) (any, error) { return []Note{}, nil }},
						Post:        panther.Operation{Input: NoteIn{}, Output: Note{}, Status: 201, Handler: func(*panther.Request) (any, error) { return Note{}, nil }},
					},
					"ping/": panther.API{Methods: []string{"GET"}, Handler: func(*panther.Request) (any, error) { return map[string]bool{"pong": true}, nil }},
				},
			})
			ta.built = app
			return &cli.Project{App: app, Users: accounts, Tables: []db.Schema{notes}}, nil
		},
	}
}

// listenHandler hands on the address the app logs it listens on.
type listenHandler struct{ addr chan string }

func (h *listenHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *listenHandler) Handle(_ context.Context, r slog.Record) error {
	if addr, ok := strings.CutPrefix(r.Message, "panther: listening on "); ok {
		h.addr <- addr
	}
	return nil
}
func (h *listenHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *listenHandler) WithGroup(string) slog.Handler      { return h }

type result struct {
	code           int
	stdout, stderr string
}

func (ta *testApp) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := ta.program().Run(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func TestUsageErrors(t *testing.T) {
	ta := newTestApp(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"nosuch"}, `unknown command "nosuch"`},
		{[]string{"routes", "-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"-db", ta.dbURL, "migrate"}, `unexpected "migrate": a command comes first, as in "demo migrate -db`},
		{[]string{"createuser"}, "want createuser [flags] USERNAME"},
		{[]string{"createuser", "a", "b"}, "want createuser [flags] USERNAME"},
		{[]string{"-read-timeout", "soon"}, `-read-timeout: "soon" is not a duration`},
		{[]string{"-max-header-bytes", "-1"}, `-max-header-bytes: "-1" is not a positive number`},
	} {
		r := ta.run(t, "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: demo") && !strings.Contains(r.stderr, "not a") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q with the usage", tc.args, r.code, r.stderr, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout %q; want nothing", tc.args, r.stdout)
		}
	}
	if ta.built != nil {
		t.Error("a usage error built the app; it must stop before Build")
	}
	t.Setenv("PANTHER_WRITE_TIMEOUT", "forever")
	if r := ta.run(t, ""); r.code != 2 || !strings.Contains(r.stderr, `PANTHER_WRITE_TIMEOUT: "forever" is not a duration`) {
		t.Errorf("a bad PANTHER_WRITE_TIMEOUT: exit %d, stderr %q; want 2 naming the variable", r.code, r.stderr)
	}
}

func TestHelp(t *testing.T) {
	ta := newTestApp(t)
	r := ta.run(t, "", "help")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("help: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, name := range []string{"serve", "routes", "openapi", "createuser", "migrate", "check"} {
		if !strings.Contains(r.stdout, "\n  "+name+" ") {
			t.Errorf("help does not list %s:\n%s", name, r.stdout)
		}
	}
	r = ta.run(t, "", "serve", "-h")
	if r.code != 0 || !strings.Contains(r.stderr, "-read-header-timeout") || !strings.Contains(r.stderr, "PANTHER_ADDR") || !strings.Contains(r.stderr, "-db") {
		t.Errorf("serve -h: exit %d, stderr %q; want 0 with serve's flags and the app's", r.code, r.stderr)
	}
}

func TestRoutes(t *testing.T) {
	ta := newTestApp(t)
	r := ta.run(t, "", "routes")
	if r.code != 0 {
		t.Fatalf("routes: exit %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("routes printed %d lines; want a header and 2 routes:\n%s", len(lines), r.stdout)
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "PATH METHODS AUTH PERMISSIONS THROTTLE CACHE INPUT OUTPUT" {
		t.Errorf("header %q", lines[0])
	}
	want := []string{"/notes/", "GET,POST", "optional", "ReadOnly", "5/1m", "10s", "POST", "NoteIn", "GET", "[]Note,", "POST", "Note"}
	if got := strings.Fields(lines[1]); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("notes row %q; want the fields %q", lines[1], want)
	}
	if got := strings.Fields(lines[2]); strings.Join(got, " ") != "/ping/ GET - - - - - -" {
		t.Errorf("ping row %q", lines[2])
	}
}

func TestOpenAPI(t *testing.T) {
	ta := newTestApp(t)
	r := ta.run(t, "", "openapi")
	if r.code != 0 {
		t.Fatalf("openapi: exit %d, stderr %q", r.code, r.stderr)
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("openapi printed no JSON document: %v\n%s", err, r.stdout)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Paths["/notes"] == nil && doc.Paths["/notes/"] == nil {
		t.Errorf("document: openapi %q, paths %v", doc.OpenAPI, doc.Paths)
	}
}

func TestMigrateAndCreateUser(t *testing.T) {
	ta := newTestApp(t)
	if r := ta.run(t, "", "migrate"); r.code != 0 || r.stdout != "migrated: users, note\n" {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := ta.run(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate twice: exit %d, stderr %q", r.code, r.stderr)
	}
	r := ta.run(t, "alice-pass\n", "createuser", "alice")
	if r.code != 0 || !strings.HasPrefix(r.stdout, `created user "alice" (id `) {
		t.Fatalf("createuser alice: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = ta.run(t, "root-pass", "createuser", "root", "-admin")
	if r.code != 0 || !strings.HasPrefix(r.stdout, `created admin "root" (id `) {
		t.Fatalf("createuser -admin root: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = ta.run(t, "other-pass\n", "createuser", "alice")
	if r.code != 1 || !strings.Contains(r.stderr, `the username "alice" is taken; nothing was changed`) {
		t.Errorf("createuser of a taken username: exit %d, stderr %q; want 1 and a clear message", r.code, r.stderr)
	}
	r = ta.run(t, "", "createuser", "carol")
	if r.code != 1 || !strings.Contains(r.stderr, "no password") {
		t.Errorf("createuser without a password: exit %d, stderr %q; want 1", r.code, r.stderr)
	}

	// What the database holds now: alice with her first password, root an
	// admin, no carol.
	ctx := context.Background()
	d, err := db.Open(ctx, ta.dbURL, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	accounts := users.New(d, password.Params{Time: 1, Memory: 8 << 10, Threads: 1})
	if n, err := accounts.Table().Count(ctx, db.Filter{}); err != nil || n != 2 {
		t.Errorf("%d users (%v); want 2", n, err)
	}
	if u, err := accounts.Check(ctx, "alice", "alice-pass"); err != nil || u == nil || u.Admin {
		t.Errorf("alice with her password: %+v, %v; want a user who is not an admin", u, err)
	}
	if u, err := accounts.Check(ctx, "root", "root-pass"); err != nil || u == nil || !u.Admin {
		t.Errorf("root: %+v, %v; want an admin", u, err)
	}
	if _, err := db.NewTable[Note](d).Count(ctx, db.Filter{}); err != nil {
		t.Errorf("the notes table: %v", err)
	}
}

// failingStore is a store that cannot be reached.
type failingStore struct{ store.Store }

func (failingStore) Ping(context.Context) error { return errors.New("connection refused") }

func TestCheck(t *testing.T) {
	ta := newTestApp(t)
	r := ta.run(t, "", "check")
	if r.code != 0 || r.stdout != "configuration: ok (2 routes)\ndatabase: ok\n" {
		t.Errorf("check: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	ta.store = failingStore{memory.New(memory.Options{})}
	r = ta.run(t, "", "check")
	if r.code != 1 || !strings.Contains(r.stdout, "store: connection refused\n") || !strings.Contains(r.stderr, "demo check: cannot reach the store") {
		t.Errorf("check with the store down: exit %d, stdout %q, stderr %q; want 1 naming the store", r.code, r.stdout, r.stderr)
	}
	ta.store = nil

	// Redis down: the app cannot be built, and check says why.
	r = ta.run(t, "", "check", "-redis", "redis://127.0.0.1:1/0")
	if r.code != 1 || !strings.Contains(r.stderr, "demo check: -redis:") {
		t.Errorf("check with Redis down: exit %d, stderr %q; want 1 with the reason", r.code, r.stderr)
	}

	if url := os.Getenv("PANTHER_TEST_REDIS"); url != "" {
		r = ta.run(t, "", "check", "-redis", url)
		if r.code != 0 || !strings.Contains(r.stdout, "store: ok\n") {
			t.Errorf("check with Redis up: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	}
}

func TestBuildFailure(t *testing.T) {
	p := cli.Program{Name: "demo", Build: func(context.Context) (*cli.Project, error) {
		return &cli.Project{App: panther.New(panther.Config{Throttle: &panther.Throttle{Rate: 1}})}, nil
	}}
	var out, errOut bytes.Buffer
	if code := p.Run(t.Context(), []string{"routes"}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "demo routes: panther: Config.Throttle") {
		t.Errorf("a configuration panic: exit %d, stderr %q; want 1 with panther's message", code, errOut.String())
	}
}

func TestServe(t *testing.T) {
	ta := newTestApp(t)
	t.Setenv("PANTHER_IDLE_TIMEOUT", "7s")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan result, 1)
	go func() {
		var out, errOut bytes.Buffer
		code := ta.program().Run(ctx, []string{"-addr", "127.0.0.1:0", "-read-timeout", "3s"}, strings.NewReader(""), &out, &errOut)
		done <- result{code, out.String(), errOut.String()}
	}()
	var addr string
	select {
	case addr = <-ta.listening:
	case r := <-done:
		t.Fatalf("serve ended: exit %d, stderr %q", r.code, r.stderr)
	}
	res, err := http.Get(addr + "/ping/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != `{"pong":true}` {
		t.Errorf("GET /ping/: %d %s", res.StatusCode, body)
	}
	sc := ta.built.Server()
	if sc.ReadTimeout != 3*time.Second || sc.IdleTimeout != 7*time.Second || sc.ReadHeaderTimeout != 10*time.Second {
		t.Errorf("server settings %+v; want ReadTimeout 3s from its flag, IdleTimeout 7s from PANTHER_IDLE_TIMEOUT, the rest the defaults", sc)
	}
	cancel()
	if r := <-done; r.code != 0 {
		t.Errorf("serve after its context ended: exit %d, stderr %q; want 0", r.code, r.stderr)
	}
	// serve migrated: the notes table exists.
	d, err := db.Open(context.Background(), ta.dbURL, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := db.NewTable[Note](d).Count(context.Background(), db.Filter{}); err != nil {
		t.Errorf("serve did not migrate the notes table: %v", err)
	}
}
