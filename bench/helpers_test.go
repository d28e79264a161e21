package bench_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/panther-go/panther/bench/frameworks"
	"github.com/panther-go/panther/bench/scenario"
	"github.com/panther-go/panther/bench/servers"
)

// config is the server configuration for s: with Redis for a Redis
// scenario, which skips without PANTHER_TEST_REDIS (and fails under CI).
func config(tb testing.TB, s scenario.Scenario) servers.Config {
	tb.Helper()
	if !s.Redis {
		return servers.Config{}
	}
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("PANTHER_TEST_REDIS is not set under CI; the Redis scenario must run")
		}
		tb.Skip("PANTHER_TEST_REDIS is not set")
	}
	return servers.Config{Redis: url}
}

func scenarios() []scenario.Scenario { return scenario.List(servers.DefaultSecret, "alice") }

func find(tb testing.TB, name string) scenario.Scenario {
	tb.Helper()
	s, ok := scenario.Find(scenarios(), name)
	if !ok {
		tb.Fatalf("no scenario %q", name)
	}
	return s
}

// newRequest builds c's request for httptest.
func newRequest(c scenario.Request) *http.Request {
	var body io.Reader
	if c.Body != "" {
		body = bytes.NewReader([]byte(c.Body))
	}
	r := httptest.NewRequest(c.Method, c.Path, body)
	for k, v := range c.Header {
		r.Header.Set(k, v)
	}
	return r
}

// discard is a ResponseWriter that keeps the status and drops the body.
type discard struct {
	header http.Header
	status int
}

func (w *discard) Header() http.Header { return w.header }

func (w *discard) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discard) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

// WriteString is what net/http's own ResponseWriter has too, so a string
// body is written as it is written there, without a copy.
func (w *discard) WriteString(s string) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(s), nil
}

// body is a request body that can be read again after Reset.
type body struct{ bytes.Reader }

func (*body) Close() error { return nil }

// driver returns a func that serves c's request once in process and
// returns the status.
func driver(tb testing.TB, fw frameworks.Framework, cfg servers.Config, c scenario.Request) func() int {
	tb.Helper()
	if fw.Fiber != nil {
		return fiberDriver(fw, cfg, c)
	}
	h := fw.Handler(cfg)
	req := newRequest(c)
	data := []byte(c.Body)
	rd := new(body)
	w := &discard{header: http.Header{}}
	return func() int {
		clear(w.header)
		w.status = 0
		if len(data) > 0 {
			rd.Reset(data)
			req.Body, req.ContentLength = rd, int64(len(data))
		}
		h.ServeHTTP(w, req)
		return w.status
	}
}

var remote = &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1234}

// fiberDriver calls fiber's fasthttp handler on one RequestCtx, reset and
// refilled per request as fasthttp's server does.
func fiberDriver(fw frameworks.Framework, cfg servers.Config, c scenario.Request) func() int {
	h := fw.Fiber(cfg).Handler()
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(new(fasthttp.Request), remote, nil)
	return func() int {
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.Header.SetMethod(c.Method)
		ctx.Request.SetRequestURI(c.Path)
		ctx.Request.Header.SetHost("example.com")
		for k, v := range c.Header {
			ctx.Request.Header.Set(k, v)
		}
		if c.Body != "" {
			ctx.Request.SetBodyString(c.Body)
		}
		h(ctx)
		return ctx.Response.StatusCode()
	}
}
