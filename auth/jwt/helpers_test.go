package jwt_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test-key")

type user struct {
	ID    string `json:"id"`
	Admin bool   `json:"admin"`
}

func (u *user) UserID() string { return u.ID }

var users = map[string]*user{"1": {ID: "1"}, "2": {ID: "2", Admin: true}}

func loadUser(_ context.Context, id string) (panther.User, error) {
	if u, ok := users[id]; ok {
		return u, nil
	}
	return nil, nil
}

func newAuth(t testing.TB, cfg jwt.Config) *jwt.Authenticator {
	t.Helper()
	if cfg.Key == nil && cfg.PrivateKey == nil && cfg.PublicKey == nil {
		cfg.Key = secret
	}
	if cfg.LoadUser == nil {
		cfg.LoadUser = loadUser
	}
	a, err := jwt.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tokenApp serves the routes a token flow needs: /me (access), /refresh
// (refresh), /logout, /revoke (a token in the body), /open (no auth).
func tokenApp(t testing.TB, a *jwt.Authenticator, st store.Store) *panther.App {
	app := panther.New(panther.Config{Authenticator: a, Store: st, Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"me": panther.API{Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) { return r.User(), nil }},
		"refresh": panther.API{Methods: []string{"POST"}, Authenticator: a.Refresher(), Handler: func(r *panther.Request) (any, error) {
			return a.Refresh(r)
		}},
		"logout": panther.API{Methods: []string{"POST"}, Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) {
			return nil, a.Logout(r)
		}},
		"revoke": panther.API{Methods: []string{"POST"}, Input: revokeIn{}, Handler: func(r *panther.Request) (any, error) {
			return nil, a.Revoke(r, panther.Input[revokeIn](r).Token)
		}},
		"open": panther.API{Handler: func(r *panther.Request) (any, error) { return r.User() == nil, nil }},
	}})
	t.Cleanup(func() { app.Close() })
	return app
}

type revokeIn struct {
	Token string `json:"token" validate:"required"`
}

func login(t testing.TB, a *jwt.Authenticator, id string) jwt.Tokens {
	t.Helper()
	tok, err := a.Login(users[id])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// want401 checks the one answer every token failure gets.
func want401(t testing.TB, res *panthertest.Response) {
	t.Helper()
	res.WantStatus(http.StatusUnauthorized).WantBody(`{"detail":"Authentication Error"}`).WantHeader("WWW-Authenticate", "Bearer")
}

// forge builds a token by hand: header and claims as given, signature as
// given (base64url).
func forge(header, claims map[string]any, sig string) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + sig
}

func rsaKey(t testing.TB) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func edKey(t testing.TB) ed25519.PrivateKey {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
