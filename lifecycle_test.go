package panther_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/panther-go/panther"
)

// hookLog records what ran, in order, from any goroutine.
type hookLog struct {
	mu     sync.Mutex
	events []string
}

func (l *hookLog) add(event string) {
	l.mu.Lock()
	l.events = append(l.events, event)
	l.mu.Unlock()
}

func (l *hookLog) want(t *testing.T, want ...string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.Equal(l.events, want) {
		t.Errorf("ran %q, want %q", l.events, want)
	}
}

// hook is a Hook that records name and returns err.
func (l *hookLog) hook(name string, err error) panther.Hook {
	return func(context.Context) error {
		l.add(name)
		return err
	}
}

// signalListener closes closed once the server has closed the listener.
type signalListener struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func (l *signalListener) Close() error {
	err := l.Listener.Close()
	l.once.Do(func() { close(l.closed) })
	return err
}

func listenLocal(t *testing.T) *signalListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return &signalListener{Listener: ln, closed: make(chan struct{})}
}

// serveAsync runs app.Serve in a goroutine and returns its result's channel.
func serveAsync(ctx context.Context, app *panther.App, ln net.Listener) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- app.Serve(ctx, ln) }()
	return errc
}

// serveResult waits for Serve to return.
func serveResult(t *testing.T, errc <-chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(waitLimit):
		t.Fatalf("Serve did not return within %v", waitLimit)
		return nil
	}
}

type getResult struct {
	status int
	body   string
	err    error
}

// getAsync sends GET url from a goroutine.
func getAsync(url string) <-chan getResult {
	out := make(chan getResult, 1)
	go func() {
		res, err := (&http.Client{Timeout: waitLimit}).Get(url)
		if err != nil {
			out <- getResult{err: err}
			return
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		out <- getResult{res.StatusCode, string(body), err}
	}()
	return out
}

func TestServeStartup(t *testing.T) {
	lg, hooks := &capturedLog{}, &hookLog{}
	release := make(chan struct{})
	app := panther.New(panther.Config{Logger: lg.logger(), URLs: panther.URLs{"h/": panther.API{
		Handler: func(*panther.Request) (any, error) { hooks.add("request"); return "hi", nil },
	}}})
	app.OnStartup(hooks.hook("startup 1", nil))
	app.OnStartup(func(context.Context) error { <-release; hooks.add("startup 2"); return nil })
	ln := listenLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := serveAsync(ctx, app, ln)

	// The request reaches the socket while a startup hook still runs; it
	// must wait for every hook.
	conn, err := net.DialTimeout("tcp", ln.Addr().String(), waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitLimit))
	if _, err := io.WriteString(conn, "GET /h/ HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	close(release)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != `"hi"` {
		t.Errorf("GET /h/ = %d %s, want 200 \"hi\"", res.StatusCode, body)
	}
	hooks.want(t, "startup 1", "startup 2", "request")

	cancel()
	if err := serveResult(t, errc); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	wantLogged(t, lg, "listening on http://"+ln.Addr().String())
}

// wantLogged fails unless a record's message contains text.
func wantLogged(t *testing.T, lg *capturedLog, text string) {
	t.Helper()
	for _, rec := range lg.records(t) {
		if msg, _ := rec["msg"].(string); strings.Contains(msg, text) {
			return
		}
	}
	t.Errorf("no log record contains %q; log: %v", text, lg.records(t))
}

func TestServeStartupFailure(t *testing.T) {
	errDB := errors.New("database unreachable")
	tests := []struct {
		name    string
		hooks   []error
		wantRan []string
	}{
		{"first hook fails", []error{errDB, nil}, []string{"hook 0"}},
		{"second hook fails", []error{nil, errDB, nil}, []string{"hook 0", "hook 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg, hooks := &capturedLog{}, &hookLog{}
			app := panther.New(panther.Config{Logger: lg.logger()})
			for i, err := range tt.hooks {
				app.OnStartup(hooks.hook(fmt.Sprint("hook ", i), err))
			}
			app.OnShutdown(hooks.hook("shutdown", nil))
			ln := listenLocal(t)
			err := serveResult(t, serveAsync(context.Background(), app, ln))
			if !errors.Is(err, errDB) {
				t.Errorf("Serve = %v, want an error wrapping %v", err, errDB)
			}
			hooks.want(t, tt.wantRan...)
			if _, err := ln.Listener.Accept(); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Accept after a failed start = %v, want net.ErrClosed", err)
			}
			for _, rec := range lg.records(t) {
				if msg, _ := rec["msg"].(string); strings.Contains(msg, "listening on") {
					t.Errorf("logged %q after a failed start", msg)
				}
			}
		})
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	lg, hooks := &capturedLog{}, &hookLog{}
	entered, release := make(chan struct{}), make(chan struct{})
	app := panther.New(panther.Config{Logger: lg.logger(), URLs: panther.URLs{"slow/": panther.API{
		Handler: func(*panther.Request) (any, error) {
			close(entered)
			<-release
			hooks.add("request done")
			return "done", nil
		},
	}}})
	app.OnShutdown(hooks.hook("shutdown 1", nil))
	app.OnShutdown(hooks.hook("shutdown 2", nil))
	ln := listenLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := serveAsync(ctx, app, ln)
	inFlight := getAsync("http://" + ln.Addr().String() + "/slow/")
	waitClosed(t, entered, "slow handler entered")

	cancel()
	waitClosed(t, ln.closed, "listener closed after cancel")
	if conn, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		conn.Close()
		t.Errorf("a new connection was accepted after shutdown began")
	}
	select {
	case err := <-errc:
		t.Fatalf("Serve returned %v with a request in flight", err)
	default:
	}
	hooks.want(t)

	close(release)
	if got := <-inFlight; got.err != nil || got.status != 200 || got.body != `"done"` {
		t.Errorf("in-flight request got %d %q, %v; want 200 \"done\"", got.status, got.body, got.err)
	}
	if err := serveResult(t, errc); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	hooks.want(t, "request done", "shutdown 1", "shutdown 2")
	wantLogged(t, lg, "shutting down")
}

func TestServeShutdownHookErrors(t *testing.T) {
	errCache, errDB := errors.New("cache flush failed"), errors.New("db close failed")
	hooks := &hookLog{}
	app := panther.New(panther.Config{Logger: (&capturedLog{}).logger()})
	app.OnShutdown(hooks.hook("cache", errCache))
	app.OnShutdown(func(ctx context.Context) error {
		// Serve's own context is done; the hooks get a live one, bounded.
		if _, ok := ctx.Deadline(); !ok || ctx.Err() != nil {
			t.Errorf("shutdown hook context: deadline set %v, err %v; want a deadline and no error", ok, ctx.Err())
		}
		hooks.add("check")
		return nil
	})
	app.OnShutdown(hooks.hook("db", errDB))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := serveResult(t, serveAsync(ctx, app, listenLocal(t)))
	if !errors.Is(err, errCache) || !errors.Is(err, errDB) {
		t.Errorf("Serve = %v, want both hook errors joined", err)
	}
	hooks.want(t, "cache", "check", "db")
}

func TestServeShutdownTimeout(t *testing.T) {
	hooks := &hookLog{}
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	app := panther.New(panther.Config{
		Logger: (&capturedLog{}).logger(),
		Server: panther.ServerConfig{ShutdownTimeout: 50 * time.Millisecond}, // a bound on Shutdown, not a synchronisation
		URLs: panther.URLs{"stuck/": panther.API{Handler: func(r *panther.Request) (any, error) {
			close(entered)
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return nil, nil
		}}},
	})
	app.OnShutdown(hooks.hook("shutdown", nil))
	ln := listenLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := serveAsync(ctx, app, ln)
	inFlight := getAsync("http://" + ln.Addr().String() + "/stuck/")
	waitClosed(t, entered, "stuck handler entered")
	cancel()
	err := serveResult(t, errc)
	if err == nil || !strings.Contains(err.Error(), "requests still running after 50ms") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Serve = %v, want an error naming the 50ms timeout and wrapping context.DeadlineExceeded", err)
	}
	if got := <-inFlight; got.err == nil {
		t.Errorf("stuck request got %d %q, want a connection error", got.status, got.body)
	}
	hooks.want(t, "shutdown")
}

type hookCtxKey struct{}

func TestRunHooks(t *testing.T) {
	errA, errB := errors.New("a failed"), errors.New("b failed")
	tests := []struct {
		name    string
		run     func(*panther.App, context.Context) error
		add     func(*panther.App, panther.Hook)
		results []error
		wantRan []string
		wantErr []error
		wantMsg string
	}{
		{"startup all succeed", (*panther.App).RunStartup, (*panther.App).OnStartup, []error{nil, nil}, []string{"0", "1"}, nil, ""},
		{"startup stops at the first error", (*panther.App).RunStartup, (*panther.App).OnStartup, []error{nil, errA, errB}, []string{"0", "1"}, []error{errA}, "panther: startup hook 1: a failed"},
		{"startup none", (*panther.App).RunStartup, (*panther.App).OnStartup, nil, nil, nil, ""},
		{"shutdown all succeed", (*panther.App).RunShutdown, (*panther.App).OnShutdown, []error{nil, nil}, []string{"0", "1"}, nil, ""},
		{"shutdown runs every hook", (*panther.App).RunShutdown, (*panther.App).OnShutdown, []error{errA, nil, errB}, []string{"0", "1", "2"}, []error{errA, errB}, "panther: shutdown hook 0: a failed\npanther: shutdown hook 2: b failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := panther.New(panther.Config{})
			var ran []string
			for i, err := range tt.results {
				tt.add(app, func(ctx context.Context) error {
					if ctx.Value(hookCtxKey{}) != "given" {
						t.Errorf("hook %d did not get the caller's context", i)
					}
					ran = append(ran, fmt.Sprint(i))
					return err
				})
			}
			err := tt.run(app, context.WithValue(context.Background(), hookCtxKey{}, "given"))
			if !reflect.DeepEqual(ran, tt.wantRan) {
				t.Errorf("ran hooks %q, want %q", ran, tt.wantRan)
			}
			if tt.wantErr == nil && err != nil {
				t.Errorf("got error %v, want nil", err)
			}
			for _, want := range tt.wantErr {
				if !errors.Is(err, want) {
					t.Errorf("got error %v, want one wrapping %v", err, want)
				}
			}
			if err != nil && err.Error() != tt.wantMsg {
				t.Errorf("error text %q, want %q", err, tt.wantMsg)
			}
		})
	}
}

func TestListenAndServeBadAddress(t *testing.T) {
	taken := listenLocal(t)
	tests := []struct {
		name, addr string
	}{
		{"missing port", "127.0.0.1"},
		{"port out of range", "127.0.0.1:99999"},
		{"address in use", taken.Addr().String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hooks := &hookLog{}
			app := panther.New(panther.Config{Logger: (&capturedLog{}).logger()})
			app.OnStartup(hooks.hook("startup", nil))
			err := app.ListenAndServe(tt.addr)
			if err == nil || !strings.HasPrefix(err.Error(), "panther: ") {
				t.Errorf("ListenAndServe(%q) = %v, want an error starting \"panther: \"", tt.addr, err)
			}
			hooks.want(t)
		})
	}
}

// fakeDB records what the app does with Config.DB.
type fakeDB struct {
	pingErr error
	pings   int
	closes  int
}

func (f *fakeDB) Ping(context.Context) error { f.pings++; return f.pingErr }
func (f *fakeDB) Close() error               { f.closes++; return nil }

func TestConfigDB(t *testing.T) {
	down := &fakeDB{pingErr: errors.New("connection refused")}
	app := panther.New(panther.Config{DB: down})
	err := app.RunStartup(t.Context())
	if err == nil || !strings.Contains(err.Error(), "the database cannot be reached (Config.DB): connection refused") {
		t.Errorf("RunStartup with the database down: %v", err)
	}
	up := &fakeDB{}
	app = panther.New(panther.Config{DB: up})
	if err := app.RunStartup(t.Context()); err != nil || up.pings != 1 {
		t.Errorf("RunStartup: %v, %d pings", err, up.pings)
	}
	app.Close()
	app.Close()
	if up.closes != 1 {
		t.Errorf("Close closed the database %d times, want once", up.closes)
	}
}
