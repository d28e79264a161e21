package jwt_test

import (
	"log/slog"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/panthertest"
)

// With panther.AuthOptional, no token is an anonymous request; a bad,
// expired or revoked one is still 401.
func TestOptionalAuth(t *testing.T) {
	a := newAuth(t, jwt.Config{})
	app := panther.New(panther.Config{Authenticator: a, Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"whoami": panther.API{Auth: panther.AuthOptional, Handler: func(r *panther.Request) (any, error) {
			if r.User() == nil {
				return map[string]any{"user": nil}, nil
			}
			return map[string]any{"user": r.User().UserID()}, nil
		}},
	}})
	defer app.Close()
	c := panthertest.New(t, app)
	c.Get("/whoami").WantStatus(200).WantBody(`{"user":null}`)
	tok := login(t, a, "1")
	c.WithToken(tok.AccessToken).Get("/whoami").WantStatus(200).WantBody(`{"user":"1"}`)
	want401(t, c.WithToken("not-a-token").Get("/whoami"))
	want401(t, c.WithToken(tok.RefreshToken).Get("/whoami")) // the wrong kind
	want401(t, c.WithHeader("Authorization", "Basic abc").Get("/whoami"))
}
