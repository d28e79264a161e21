package panther_test

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

type tester string

func (u tester) UserID() string { return string(u) }

// headerAuth authenticates X-User; "error" fails, "nobody" finds no one.
var headerAuth = panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
	switch u := r.Header.Get("X-User"); u {
	case "":
		return nil, panther.NewError(http.StatusUnauthorized, "")
	case "error":
		return nil, errors.New("user database down")
	case "nobody":
		return nil, nil
	default:
		return tester(u), nil
	}
})

func TestAuthentication(t *testing.T) {
	var order []string
	perm := panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		order = append(order, "permission")
		return r.User().UserID() != "mallory", nil
	})
	own := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) { return tester("own"), nil })
	app := panther.New(panther.Config{Authenticator: headerAuth, Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"me":     panther.API{Methods: []string{"GET"}, Auth: panther.AuthRequired, Permissions: []panther.Permission{perm}, Handler: func(r *panther.Request) (any, error) { return r.User().UserID(), nil }},
		"own":    panther.API{Authenticator: own, Handler: func(r *panther.Request) (any, error) { return r.User().UserID(), nil }},
		"open":   panther.API{Handler: func(r *panther.Request) (any, error) { return r.User() == nil, nil }},
		"struct": &noteAPI{API: panther.API{Auth: panther.AuthRequired}},
	}})
	c := panthertest.New(t, app)
	tests := []struct {
		name, method, path, user string
		status                   int
		body                     string
	}{
		{"authenticated", "GET", "/me", "ann", 200, `"ann"`},
		{"no credentials", "GET", "/me", "", 401, `{"detail":"Authentication Error"}`},
		{"no such user", "GET", "/me", "nobody", 401, `{"detail":"Authentication Error"}`},
		{"authenticator failure", "GET", "/me", "error", 500, `{"detail":"Internal Server Error"}`},
		{"permission after authentication", "GET", "/me", "mallory", 403, `{"detail":"Permission Denied"}`},
		{"405 before 401", "POST", "/me", "", 405, `{"detail":"Method Not Allowed"}`},
		{"struct: 405 before 401", "POST", "/struct", "", 405, `{"detail":"Method Not Allowed"}`},
		{"struct: 401", "GET", "/struct", "", 401, `{"detail":"Authentication Error"}`},
		{"the API's own authenticator", "GET", "/own", "", 200, `"own"`},
		{"no Auth: no user, even with credentials", "GET", "/open", "ann", 200, `true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order = nil
			c.WithHeader("X-User", tt.user).Request(tt.method, tt.path, nil).WantStatus(tt.status).WantBody(tt.body)
			if tt.status == 401 && len(order) != 0 {
				t.Errorf("permissions ran for a request that failed authentication")
			}
		})
	}
}

func TestAuthWithoutAuthenticatorFailsAtRegistration(t *testing.T) {
	got := panicMessage(func() {
		panther.New(panther.Config{URLs: panther.URLs{"me": panther.API{Auth: panther.AuthRequired, Handler: methodName}}})
	})
	if !strings.Contains(got, `route "me/": Auth is required but there is no authenticator`) {
		t.Errorf("panic %q", got)
	}
}

// Throttle and cache keys follow the user, not the IP, once there is one.
func TestThrottleAndCachePerUser(t *testing.T) {
	var calls counter
	cfg := panther.Config{Authenticator: headerAuth, URLs: panther.URLs{
		"limited": panther.API{Auth: panther.AuthRequired, Throttle: &panther.Throttle{Rate: 1, Duration: time.Minute}, Handler: okHandler},
		"cached":  panther.API{Auth: panther.AuthRequired, Cache: time.Minute, Handler: calls.handle},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		ann, bob := c.WithHeader("X-User", "ann"), c.WithHeader("X-User", "bob")
		ann.Get("/limited").WantStatus(http.StatusOK)
		ann.Get("/limited").WantStatus(http.StatusTooManyRequests)
		bob.Get("/limited").WantStatus(http.StatusOK) // same IP, another user
		ann.Get("/cached").WantHeader("X-Cache", "MISS")
		ann.Get("/cached").WantHeader("X-Cache", "HIT")
		bob.Get("/cached").WantHeader("X-Cache", "MISS")
		c.Get("/cached").WantStatus(http.StatusUnauthorized) // no user: no cache
	})
}

// An authenticator may say "no credentials" with ErrNoCredentials alone,
// as the README allows: an API that requires auth answers the standard
// 401, one with optional auth goes on anonymous.
func TestBareNoCredentials(t *testing.T) {
	bare := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
		if r.Header.Get("X-Key") == "" {
			return nil, panther.ErrNoCredentials
		}
		return tester("u1"), nil
	})
	who := func(r *panther.Request) (any, error) {
		if r.User() == nil {
			return map[string]any{"user": nil}, nil
		}
		return map[string]any{"user": r.User().UserID()}, nil
	}
	app := panther.New(panther.Config{Authenticator: bare, URLs: panther.URLs{
		"required/": panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthRequired, Handler: who},
		"optional/": panther.API{Methods: []string{http.MethodGet}, Auth: panther.AuthOptional, Handler: who},
	}})
	c := panthertest.New(t, app)
	c.Get("/required/").WantStatus(http.StatusUnauthorized).WantBody(`{"detail":"Authentication Error"}`)
	c.Get("/optional/").WantStatus(http.StatusOK).WantBody(`{"user":null}`)
	c.WithHeader("X-Key", "k").Get("/required/").WantStatus(http.StatusOK).WantBody(`{"user":"u1"}`)
}
