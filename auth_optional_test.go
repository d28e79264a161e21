package panther_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// bearerAuth authenticates "Authorization: Bearer <name>"; "expired" is a
// wrong credential; no header at all is no credentials.
var bearerAuth = panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
	challenge := &panther.Error{Status: http.StatusUnauthorized, Detail: "Authentication Error", Header: http.Header{"Www-Authenticate": {"Bearer"}}}
	h := r.Header.Get("Authorization")
	switch h {
	case "":
		return nil, fmt.Errorf("%w: %w", panther.ErrNoCredentials, challenge)
	case "Bearer expired":
		return nil, challenge
	}
	return tester(h[len("Bearer "):]), nil
})

// With AuthOptional a request without credentials goes on anonymous, one
// with wrong credentials is still 401, and a permission that denies an
// anonymous request answers the authenticator's 401, not 403.
func TestAuthOptional(t *testing.T) {
	writers := panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		return r.Method == http.MethodGet || r.User() != nil, nil
	})
	notMallory := panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		return r.User() == nil || r.User().UserID() != "mallory", nil
	})
	who := func(r *panther.Request) (any, error) {
		if r.User() == nil {
			return map[string]any{"user": nil}, nil
		}
		return map[string]any{"user": r.User().UserID()}, nil
	}
	nobody := panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return nil, nil })
	app := panther.New(panther.Config{Authenticator: bearerAuth, Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"books":  panther.API{Auth: panther.AuthOptional, Permissions: []panther.Permission{writers, notMallory}, Handler: who},
		"nobody": panther.API{Auth: panther.AuthOptional, Authenticator: nobody, Handler: who},
		"strict": panther.API{Authenticator: nobody, Handler: who},
	}})
	c := panthertest.New(t, app)
	tests := []struct {
		name, method, path, auth string
		status                   int
		body, challenge          string
	}{
		{"anonymous read", "GET", "/books", "", 200, `{"user":null}`, ""},
		{"authenticated read", "GET", "/books", "Bearer alice", 200, `{"user":"alice"}`, ""},
		{"wrong credentials", "GET", "/books", "Bearer expired", 401, `{"detail":"Authentication Error"}`, "Bearer"},
		{"anonymous write needs a user: 401", "POST", "/books", "", 401, `{"detail":"Authentication Error"}`, "Bearer"},
		{"authenticated write", "POST", "/books", "Bearer alice", 200, `{"user":"alice"}`, ""},
		{"a user without the permission: 403", "POST", "/books", "Bearer mallory", 403, `{"detail":"Permission Denied"}`, ""},
		{"nil user, nil error: anonymous", "GET", "/nobody", "", 200, `{"user":null}`, ""},
		{"an own Authenticator implies required", "GET", "/strict", "", 401, `{"detail":"Authentication Error"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.WithHeader("Authorization", tt.auth).Request(tt.method, tt.path, nil)
			res.WantStatus(tt.status).WantBody(tt.body).WantHeader("Www-Authenticate", tt.challenge)
		})
	}
}

// On an API with AuthOptional, an authenticated request is cached and
// throttled per user; an anonymous one per IP, and with a Cookie it
// bypasses the cache.
func TestAuthOptionalCacheAndThrottle(t *testing.T) {
	var calls counter
	cfg := panther.Config{Authenticator: bearerAuth, URLs: panther.URLs{
		"feed": panther.API{Auth: panther.AuthOptional, Cache: time.Minute, Handler: calls.handle},
		"limited": panther.API{Auth: panther.AuthOptional, Throttle: &panther.Throttle{Rate: 1, Duration: time.Minute},
			Handler: okHandler},
	}}
	inBubble(t, cfg, func(t *testing.T, app *panther.App, c *panthertest.Client) {
		alice, bob := c.WithToken("alice"), c.WithToken("bob")
		alice.Get("/feed").WantHeader("X-Cache", "MISS")
		alice.Get("/feed").WantHeader("X-Cache", "HIT")
		bob.Get("/feed").WantHeader("X-Cache", "MISS")
		c.Get("/feed").WantHeader("X-Cache", "MISS")
		c.Get("/feed").WantHeader("X-Cache", "HIT")
		c.WithHeader("Cookie", "session=carol").Get("/feed").WantHeader("X-Cache", "BYPASS")

		alice.Get("/limited").WantStatus(200)
		alice.Get("/limited").WantStatus(429)
		bob.Get("/limited").WantStatus(200)
		c.Get("/limited").WantStatus(200) // the IP, anonymous
		c.Get("/limited").WantStatus(429)
	})
}
