package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

const (
	allowOrigin      = "Access-Control-Allow-Origin"
	allowCredentials = "Access-Control-Allow-Credentials"
	allowMethods     = "Access-Control-Allow-Methods"
	allowHeaders     = "Access-Control-Allow-Headers"
	maxAge           = "Access-Control-Max-Age"
	exposeHeaders    = "Access-Control-Expose-Headers"
	requestMethod    = "Access-Control-Request-Method"
	requestHeaders   = "Access-Control-Request-Headers"
	preflightVary    = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
)

// absent marks a header that must not be in the response.
var absent []string

// serveCORS sends req through CORS(opts) to an app answering 200 "app",
// and reports whether the app was reached.
func serveCORS(t *testing.T, opts middleware.CORSOptions, req *http.Request) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	called := false
	h := middleware.CORS(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		io.WriteString(w, "app")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, called
}

// checkHeaders compares every header named in want with the response's.
func checkHeaders(t *testing.T, got, want http.Header) {
	t.Helper()
	for k, w := range want {
		if g := got.Values(k); !slices.Equal(g, w) {
			t.Errorf("%s = %q, want %q", k, g, w)
		}
	}
}

func TestCORSActualRequests(t *testing.T) {
	listed := middleware.CORSOptions{AllowOrigins: []string{"http://a.com", "https://b.com:8443"}}
	star := middleware.CORSOptions{AllowOrigins: []string{"*"}}
	starCredentials := middleware.CORSOptions{AllowOrigins: []string{"*"}, AllowCredentials: true}
	tests := []struct {
		name   string
		opts   middleware.CORSOptions
		method string
		origin string
		want   http.Header
	}{
		{"no Origin", listed, "GET", "", http.Header{"Vary": {"Origin"}, allowOrigin: absent}},
		{"allowed origin echoed", listed, "GET", "http://a.com", http.Header{
			"Vary": {"Origin"}, allowOrigin: {"http://a.com"}, allowCredentials: absent,
			exposeHeaders: absent, allowMethods: absent, allowHeaders: absent, maxAge: absent,
		}},
		{"second allowed origin with port", listed, "POST", "https://b.com:8443", http.Header{allowOrigin: {"https://b.com:8443"}}},
		{"disallowed origin", listed, "GET", "http://evil.com", http.Header{"Vary": {"Origin"}, allowOrigin: absent}},
		{"origin differing in case", listed, "GET", "http://A.com", http.Header{allowOrigin: absent}},
		{"origin differing in port", listed, "GET", "http://a.com:8080", http.Header{allowOrigin: absent}},
		{"no origins configured", middleware.CORSOptions{}, "GET", "http://a.com", http.Header{"Vary": {"Origin"}, allowOrigin: absent}},
		{"star", star, "GET", "http://any.com", http.Header{allowOrigin: {"*"}, allowCredentials: absent}},
		{"star and the null origin", star, "GET", "null", http.Header{allowOrigin: {"*"}}},
		{"star with credentials echoes the origin", starCredentials, "GET", "http://any.com", http.Header{
			allowOrigin: {"http://any.com"}, allowCredentials: {"true"},
		}},
		{"star with credentials refuses the null origin", starCredentials, "GET", "null", http.Header{
			allowOrigin: absent, allowCredentials: absent,
		}},
		{"star with credentials never answers star", starCredentials, "GET", "*", http.Header{allowOrigin: absent}},
		{"credentials for a listed origin", middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, AllowCredentials: true},
			"GET", "http://a.com", http.Header{allowOrigin: {"http://a.com"}, allowCredentials: {"true"}}},
		{"no credentials for a disallowed origin", middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, AllowCredentials: true},
			"GET", "http://evil.com", http.Header{allowOrigin: absent, allowCredentials: absent}},
		{"expose headers", middleware.CORSOptions{AllowOrigins: []string{"*"}, ExposeHeaders: []string{"X-Total", "X-Request-ID"}},
			"GET", "http://a.com", http.Header{exposeHeaders: {"X-Total, X-Request-ID"}}},
		{"expose headers withheld from a disallowed origin", middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, ExposeHeaders: []string{"X-Total"}},
			"GET", "http://evil.com", http.Header{exposeHeaders: absent}},
		{"plain OPTIONS goes to the app", listed, "OPTIONS", "http://a.com", http.Header{
			"Vary": {"Origin"}, allowOrigin: {"http://a.com"}, allowMethods: absent, maxAge: absent,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/notes/", nil)
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			rec, called := serveCORS(t, tt.opts, req)
			if !called || rec.Code != http.StatusOK || rec.Body.String() != "app" {
				t.Errorf("got %d %q (app reached: %v), want the app's 200 \"app\"", rec.Code, rec.Body, called)
			}
			checkHeaders(t, rec.Header(), tt.want)
		})
	}
}

func TestCORSPreflight(t *testing.T) {
	listed := middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}}
	stars := middleware.CORSOptions{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}}
	starsCredentials := stars
	starsCredentials.AllowCredentials = true
	tests := []struct {
		name    string
		opts    middleware.CORSOptions
		origin  string
		headers []string // Access-Control-Request-Headers lines
		want    http.Header
	}{
		{"defaults", listed, "http://a.com", []string{"content-type, authorization"}, http.Header{
			"Vary":           {preflightVary},
			allowOrigin:      {"http://a.com"},
			allowCredentials: absent,
			allowMethods:     {"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
			allowHeaders:     {"content-type, authorization"},
			maxAge:           {"600"},
			exposeHeaders:    absent,
		}},
		{"no headers requested", listed, "http://a.com", nil, http.Header{allowHeaders: absent}},
		{"requested headers on several lines", listed, "http://a.com", []string{"x-a", "x-b"}, http.Header{allowHeaders: {"x-a, x-b"}}},
		{"configured methods and headers", middleware.CORSOptions{
			AllowOrigins: []string{"http://a.com"}, AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"Content-Type", "Authorization"},
		}, "http://a.com", []string{"x-other"}, http.Header{allowMethods: {"GET, POST"}, allowHeaders: {"Content-Type, Authorization"}}},
		{"stars", stars, "http://a.com", []string{"x-a"}, http.Header{allowOrigin: {"*"}, allowMethods: {"*"}, allowHeaders: {"*"}}},
		{"stars with credentials echo the request", starsCredentials, "http://a.com", []string{"x-a"}, http.Header{
			allowOrigin: {"http://a.com"}, allowCredentials: {"true"}, allowMethods: {"PATCH"}, allowHeaders: {"x-a"},
		}},
		{"credentials", middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, AllowCredentials: true},
			"http://a.com", nil, http.Header{allowCredentials: {"true"}}},
		{"expose headers only on actual responses", middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, ExposeHeaders: []string{"X-Total"}},
			"http://a.com", nil, http.Header{exposeHeaders: absent}},
		{"max age", middleware.CORSOptions{AllowOrigins: []string{"*"}, MaxAge: 2 * time.Hour},
			"http://a.com", nil, http.Header{maxAge: {"7200"}}},
		{"max age in whole seconds", middleware.CORSOptions{AllowOrigins: []string{"*"}, MaxAge: 90*time.Second + 500*time.Millisecond},
			"http://a.com", nil, http.Header{maxAge: {"90"}}},
		{"negative max age", middleware.CORSOptions{AllowOrigins: []string{"*"}, MaxAge: -1},
			"http://a.com", nil, http.Header{maxAge: {"0"}}},
		{"disallowed origin", listed, "http://evil.com", []string{"x-a"}, http.Header{
			"Vary": {preflightVary}, allowOrigin: absent, allowCredentials: absent,
			allowMethods: absent, allowHeaders: absent, maxAge: absent,
		}},
		{"no origins configured", middleware.CORSOptions{}, "http://a.com", nil, http.Header{allowOrigin: absent, allowMethods: absent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodOptions, "/notes/", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set(requestMethod, "PATCH")
			req.Header[requestHeaders] = tt.headers
			rec, called := serveCORS(t, tt.opts, req)
			if called {
				t.Error("the app was reached, want the preflight answered by CORS")
			}
			if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
				t.Errorf("got %d %q, want 204 and no body", rec.Code, rec.Body)
			}
			checkHeaders(t, rec.Header(), tt.want)
		})
	}
}

// Only OPTIONS with both Origin and Access-Control-Request-Method is a
// preflight; anything else is the app's to answer.
func TestCORSNotPreflight(t *testing.T) {
	tests := []struct {
		name   string
		method string
		header http.Header
	}{
		{"OPTIONS without Access-Control-Request-Method", "OPTIONS", http.Header{"Origin": {"http://a.com"}}},
		{"OPTIONS without Origin", "OPTIONS", http.Header{requestMethod: {"PUT"}}},
		{"GET with Access-Control-Request-Method", "GET", http.Header{"Origin": {"http://a.com"}, requestMethod: {"PUT"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/", nil)
			req.Header = tt.header
			rec, called := serveCORS(t, middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}}, req)
			if !called {
				t.Errorf("got %d, want the request passed to the app", rec.Code)
			}
			checkHeaders(t, rec.Header(), http.Header{"Vary": {"Origin"}, allowMethods: absent, maxAge: absent})
		})
	}
}

func TestCORSKeepsVary(t *testing.T) {
	tests := []struct {
		name      string
		preflight bool
		want      []string
	}{
		{"actual request", false, []string{"Accept-Encoding", "Origin"}},
		{"preflight", true, []string{"Accept-Encoding", preflightVary}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cors := middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"*"}})(http.NotFoundHandler())
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Vary", "Accept-Encoding")
				cors.ServeHTTP(w, r)
			})
			req := httptest.NewRequest(http.MethodOptions, "/", nil)
			req.Header.Set("Origin", "http://a.com")
			if tt.preflight {
				req.Header.Set(requestMethod, "PUT")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			checkHeaders(t, rec.Header(), http.Header{"Vary": tt.want})
		})
	}
}

// The CORS headers are set before the app runs, so the errors it answers
// carry them too and the browser lets the script read them.
func TestCORSOnErrorResponses(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"401", panther.NewError(http.StatusUnauthorized, ""), http.StatusUnauthorized},
		{"403", panther.NewError(http.StatusForbidden, ""), http.StatusForbidden},
		{"404", panther.NewError(http.StatusNotFound, ""), http.StatusNotFound},
		{"500", fmt.Errorf("database down"), http.StatusInternalServerError},
	}
	opts := middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}, AllowCredentials: true, ExposeHeaders: []string{"X-Total"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := middleware.CORS(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				panther.WriteError(w, tt.err)
			}))
			req := httptest.NewRequest(http.MethodGet, "/me/", nil)
			req.Header.Set("Origin", "http://a.com")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status = %d, want %d", rec.Code, tt.want)
			}
			checkHeaders(t, rec.Header(), http.Header{
				"Vary": {"Origin"}, allowOrigin: {"http://a.com"}, allowCredentials: {"true"}, exposeHeaders: {"X-Total"},
			})
		})
	}
}

// Within a panther.App: routing's 404 carries the headers, and a plain
// OPTIONS reaches the app's own 204 with Allow.
func TestCORSInApp(t *testing.T) {
	app := panther.New(panther.Config{
		Middlewares: []panther.Middleware{middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"http://a.com"}})},
		URLs: panther.URLs{"notes/": panther.API{
			Methods: []string{http.MethodGet},
			Handler: func(*panther.Request) (any, error) { return []string{}, nil },
		}},
	})
	tests := []struct {
		name       string
		method     string
		path       string
		preflight  bool
		wantStatus int
		wantAllow  bool // the app's answer to OPTIONS
		want       http.Header
	}{
		{"unknown path", "GET", "/missing/", false, 404, false, http.Header{allowOrigin: {"http://a.com"}}},
		{"plain OPTIONS", "OPTIONS", "/notes/", false, 204, true, http.Header{allowOrigin: {"http://a.com"}, allowMethods: absent}},
		{"preflight", "OPTIONS", "/notes/", true, 204, false, http.Header{allowOrigin: {"http://a.com"}, allowMethods: {"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Header.Set("Origin", "http://a.com")
			if tt.preflight {
				req.Header.Set(requestMethod, "GET")
			}
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("Allow"); (got != "") != tt.wantAllow {
				t.Errorf("Allow = %q, want it present: %v", got, tt.wantAllow)
			}
			checkHeaders(t, rec.Header(), tt.want)
		})
	}
}
