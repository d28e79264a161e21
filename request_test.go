package panther_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// routeClient is a client for an app with h at pattern.
func routeClient(t *testing.T, lg *capturedLog, pattern string, h panther.HandlerFunc) *panthertest.Client {
	t.Helper()
	app := panther.New(panther.Config{Logger: lg.logger(), URLs: panther.URLs{pattern: panther.API{Handler: h}}})
	return panthertest.New(t, app)
}

func TestRequestQuery(t *testing.T) {
	h := func(r *panther.Request) (any, error) { return r.Query("a"), nil }
	tests := []struct {
		name   string
		target string
		want   string
	}{
		{"single", "/q/?a=1", `"1"`},
		{"last value wins", "/q/?a=1&a=2", `"2"`},
		{"last value wins across keys", "/q/?a=1&b=9&a=3", `"3"`},
		{"missing", "/q/?b=1", `""`},
		{"no query", "/q/", `""`},
		{"blank", "/q/?a=", `""`},
		{"decoded", "/q/?a=x+y%26z", `"x y&z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			routeClient(t, &capturedLog{}, "q/", h).Get(tt.target).WantStatus(200).WantBody(tt.want)
		})
	}
}

func TestRequestRoute(t *testing.T) {
	h := func(r *panther.Request) (any, error) {
		return []string{r.Path(), r.Route(), r.PathVar("user"), r.PathVar("id"), r.PathVar("nope")}, nil
	}
	tests := []struct {
		name   string
		target string
		want   string
	}{
		{"variables", "/users/ali/notes/7/?x=1", `["/users/ali/notes/7/","users/<user>/notes/<id>/","ali","7",""]`},
		{"no trailing slash", "/users/bob/notes/x", `["/users/bob/notes/x","users/<user>/notes/<id>/","bob","x",""]`},
		{"escaped slash stays in the value", "/users/a%2Fb/notes/1/", `["/users/a/b/notes/1/","users/<user>/notes/<id>/","a/b","1",""]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			routeClient(t, &capturedLog{}, "users/<user>/notes/<id>/", h).Get(tt.target).WantStatus(200).WantBody(tt.want)
		})
	}
}

func TestRequestPathConversions(t *testing.T) {
	h := func(r *panther.Request) (any, error) {
		switch r.Query("as") {
		case "int":
			return r.PathInt("v")
		case "int64":
			return r.PathInt64("v")
		case "bool":
			return r.PathBool("v")
		}
		return nil, fmt.Errorf("bad test: as=%q", r.Query("as"))
	}
	tests := []struct {
		name       string
		as, value  string
		wantStatus int
		wantBody   string
	}{
		{"int", "int", "42", 200, `42`},
		{"negative int", "int", "-5", 200, `-5`},
		{"int not a number", "int", "ali", 400, "{\"detail\":\"Path variable `ali` is not `int`\"}"},
		{"int with a fraction", "int", "1.5", 400, "{\"detail\":\"Path variable `1.5` is not `int`\"}"},
		{"int64 max", "int64", "9223372036854775807", 200, `9223372036854775807`},
		{"int64 overflow", "int64", "9223372036854775808", 400, "{\"detail\":\"Path variable `9223372036854775808` is not `int`\"}"},
		{"int64 not a number", "int64", "ali", 400, "{\"detail\":\"Path variable `ali` is not `int`\"}"},
		{"bool true", "bool", "true", 200, `true`},
		{"bool TRUE", "bool", "TRUE", 200, `true`},
		{"bool 1", "bool", "1", 200, `true`},
		{"bool false", "bool", "false", 200, `false`},
		{"bool False", "bool", "False", 200, `false`},
		{"bool 0", "bool", "0", 200, `false`},
		{"bool yes", "bool", "yes", 400, "{\"detail\":\"Path variable `yes` is not `bool`\"}"},
		{"bool 2", "bool", "2", 400, "{\"detail\":\"Path variable `2` is not `bool`\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			routeClient(t, lg, "v/<v>/", h).Get("/v/" + tt.value + "/?as=" + tt.as).WantStatus(tt.wantStatus).WantBody(tt.wantBody)
			lg.wantNoErrors(t)
		})
	}
}

func TestRequestUnknownPathVar(t *testing.T) {
	tests := []struct {
		name string
		call func(r *panther.Request) (any, error)
	}{
		{"PathInt", func(r *panther.Request) (any, error) { return r.PathInt("nope") }},
		{"PathInt64", func(r *panther.Request) (any, error) { return r.PathInt64("nope") }},
		{"PathBool", func(r *panther.Request) (any, error) { return r.PathBool("nope") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			routeClient(t, lg, "v/<id>/", tt.call).Get("/v/1/").
				WantStatus(500).WantBody(`{"detail":"Internal Server Error"}`)
			lg.wantError(t, "GET", "/v/1/", `route "v/<id>/" has no path variable <nope>`)
		})
	}
}

type requestCtxKey struct{}

func TestRequestEmbedsHTTPRequest(t *testing.T) {
	h := func(r *panther.Request) (any, error) {
		cookie, err := r.Cookie("session")
		if err != nil {
			return nil, panther.NewError(http.StatusBadRequest, "no session cookie")
		}
		v, _ := r.Context().Value(requestCtxKey{}).(string)
		return map[string]string{
			"method":  r.Method,
			"header":  r.Header.Get("X-Token"),
			"cookie":  cookie.Value,
			"context": v,
			"host":    r.Host,
		}, nil
	}
	req := httptest.NewRequest(http.MethodPatch, "http://notes.example/e/", nil)
	req.Header.Set("x-token", "t1")
	req.AddCookie(&http.Cookie{Name: "session", Value: "s1"})
	req = req.WithContext(context.WithValue(req.Context(), requestCtxKey{}, "from the caller"))
	routeClient(t, &capturedLog{}, "e/", h).Do(req).WantStatus(200).
		WantBody(`{"context":"from the caller","cookie":"s1","header":"t1","host":"notes.example","method":"PATCH"}`)
}

func TestRequestContextIsCancelled(t *testing.T) {
	seen := make(chan error, 1)
	h := func(r *panther.Request) (any, error) {
		seen <- r.Context().Err()
		return nil, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/c/", nil)
	routeClient(t, &capturedLog{}, "c/", h).Do(req).WantStatus(200)
	if err := <-seen; err != context.Canceled {
		t.Errorf("r.Context().Err() = %v, want context.Canceled", err)
	}
}

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		xff     []string
		want    string
	}{
		{"socket peer", nil, panthertest.RemoteAddr, nil, "127.0.0.1"},
		{"IPv6 peer", nil, "[::1]:5", nil, "::1"},
		{"IPv4-mapped peer", nil, "[::ffff:192.0.2.1]:80", nil, "192.0.2.1"},
		{"unparsable peer", nil, "pipe", nil, "pipe"},
		{"XFF ignored without trusted proxies", nil, "10.0.0.2:1", []string{"198.51.100.7"}, "10.0.0.2"},
		{"XFF ignored from an untrusted peer", trusted, "192.0.2.50:1", []string{"198.51.100.7"}, "192.0.2.50"},
		{"trusted peer without XFF", trusted, "10.0.0.2:1", nil, "10.0.0.2"},
		{"trusted peer", trusted, "10.0.0.2:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"rightmost untrusted hop wins", trusted, "10.0.0.2:1", []string{"1.1.1.1, 198.51.100.7, 10.0.0.5"}, "198.51.100.7"},
		{"several XFF headers", trusted, "10.0.0.2:1", []string{"1.1.1.1", "198.51.100.7, 10.0.0.3"}, "198.51.100.7"},
		{"hop in the last header", trusted, "10.0.0.2:1", []string{"1.1.1.1", "10.0.0.9", "198.51.100.8"}, "198.51.100.8"},
		{"all hops trusted", trusted, "10.0.0.2:1", []string{"10.0.0.9, 10.0.0.5"}, "10.0.0.9"},
		{"garbled hop stops the walk", trusted, "10.0.0.2:1", []string{"198.51.100.7, garbage, 10.0.0.5"}, "10.0.0.5"},
		{"hop with a port is garbled", trusted, "10.0.0.2:1", []string{"198.51.100.7:443"}, "10.0.0.2"},
		{"empty hop is garbled", trusted, "10.0.0.2:1", []string{"198.51.100.7,"}, "10.0.0.2"},
		{"IPv4-mapped trusted peer", trusted, "[::ffff:10.0.0.2]:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"IPv4-mapped hop", trusted, "10.0.0.2:1", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
		{"IPv6 proxy and client", trusted, "[fd00::1]:1", []string{"2001:db8::1, fd00::2"}, "2001:db8::1"},
		{"unmasked prefix", []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")}, "10.9.9.9:1", []string{"198.51.100.7"}, "198.51.100.7"},
	}
	h := func(r *panther.Request) (any, error) { return r.ClientIP(), nil }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := panther.New(panther.Config{
				TrustedProxies: tt.trusted,
				Logger:         (&capturedLog{}).logger(),
				URLs:           panther.URLs{"ip/": panther.API{Handler: h}},
			})
			req := getFrom(tt.remote, "/ip/")
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			panthertest.New(t, app).Do(req).WantStatus(200).WantBody(`"` + tt.want + `"`)
		})
	}
}

func TestInvalidTrustedProxyPanics(t *testing.T) {
	tests := []struct {
		name    string
		trusted []netip.Prefix
	}{
		{"zero prefix", []netip.Prefix{{}}},
		{"zero prefix after a valid one", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "panther:") || !strings.Contains(msg, "TrustedProxies") {
					t.Errorf("New panicked with %q, want a message starting with \"panther:\" that names TrustedProxies", msg)
				}
			}()
			panther.New(panther.Config{TrustedProxies: tt.trusted})
		})
	}
}
