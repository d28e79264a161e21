package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/panther-go/panther/panthertest"
)

type pair struct {
	Access  string `json:"access_token"`
	Refresh string `json:"refresh_token"`
}

func loginPair(t *testing.T, c *panthertest.Client, username, pass string) pair {
	t.Helper()
	var p pair
	c.Post("/auth/login/", map[string]string{"username": username, "password": pass}).WantStatus(http.StatusOK).JSON(&p)
	if p.Access == "" || p.Refresh == "" {
		t.Fatalf("login gave %+v", p)
	}
	return p
}

func want401(t *testing.T, res *panthertest.Response) {
	t.Helper()
	res.WantStatus(http.StatusUnauthorized).WantBody(`{"detail":"Authentication Error"}`)
}

func TestLogin(t *testing.T) {
	c := client(t)
	p := loginPair(t, c, "alice", "alice-pass")
	c.WithToken(p.Access).Get("/me/").WantStatus(http.StatusOK).WantBody(`{"id":2,"username":"alice","is_admin":false}`)
	want401(t, c.Post("/auth/login/", map[string]string{"username": "alice", "password": "wrong"}))
	want401(t, c.Post("/auth/login/", map[string]string{"username": "nobody", "password": "x"}))
	c.Post("/auth/login/", map[string]string{"username": "alice"}).WantStatus(http.StatusBadRequest).WantBody(`{"password":"is required"}`)
	want401(t, c.Get("/me/"))
	want401(t, c.WithToken("garbage").Get("/me/"))
	want401(t, c.WithToken(p.Refresh).Get("/me/")) // a refresh token is not an access token
}

func TestRefreshAndLogout(t *testing.T) {
	c := client(t)
	p := loginPair(t, c, "bob", "bob-pass")
	want401(t, c.WithToken(p.Access).Post("/auth/refresh/", nil)) // an access token cannot refresh
	var fresh pair
	c.WithToken(p.Refresh).Post("/auth/refresh/", nil).WantStatus(http.StatusOK).JSON(&fresh)
	want401(t, c.WithToken(p.Refresh).Post("/auth/refresh/", nil)) // that refresh token is spent
	c.WithToken(fresh.Access).Get("/me/").WantStatus(http.StatusOK)

	c.WithToken(fresh.Access).Post("/auth/logout/", map[string]string{"refresh_token": fresh.Refresh}).WantStatus(http.StatusOK).WantBody("")
	want401(t, c.WithToken(fresh.Access).Get("/me/"))
	want401(t, c.WithToken(fresh.Access).Get("/notes/"))
	want401(t, c.WithToken(fresh.Refresh).Post("/auth/refresh/", nil)) // revoked with the logout
	c.WithToken(p.Access).Get("/me/").WantStatus(http.StatusOK)        // other sessions live on
	c.WithToken(p.Access).Post("/auth/logout/", nil).WantStatus(http.StatusOK)
	want401(t, c.WithToken(p.Access).Get("/me/"))
}

func TestAdminStats(t *testing.T) {
	inBubble(t, options{}, func(t *testing.T, c *panthertest.Client) {
		admin := c.WithToken(loginPair(t, c, "admin", "admin-pass").Access)
		alice := c.WithToken(loginPair(t, c, "alice", "alice-pass").Access)
		alice.Post("/notes/", map[string]string{"title": "one"}).WantStatus(http.StatusCreated)
		want401(t, c.Get("/admin/stats/"))
		alice.Get("/admin/stats/").WantStatus(http.StatusForbidden).WantBody(`{"detail":"Permission Denied"}`)
		admin.Get("/admin/stats/").WantStatus(http.StatusOK).WantBody(`{"users":3,"notes":1}`).WantHeader("X-RateLimit-Limit", "5")
		for range 4 {
			admin.Get("/admin/stats/").WantStatus(http.StatusOK)
		}
		admin.Get("/admin/stats/").WantStatus(http.StatusTooManyRequests)
		time.Sleep(10 * time.Second)
		admin.Get("/admin/stats/").WantStatus(http.StatusOK)
	})
}

// Notes belong to their owner: another user's note is a 404, as a missing
// one is.
func TestNotesAreScoped(t *testing.T) {
	c := client(t)
	alice := c.WithToken(loginPair(t, c, "alice", "alice-pass").Access)
	bob := c.WithToken(loginPair(t, c, "bob", "bob-pass").Access)
	alice.Post("/notes/", map[string]string{"title": "alice's"}).WantStatus(http.StatusCreated)
	bob.Get("/notes/").WantStatus(http.StatusOK).WantBody(`[]`)
	bob.Get("/notes/1/").WantStatus(http.StatusNotFound).WantBody(`{"detail":"Not Found"}`)
	bob.Put("/notes/1/", map[string]string{"title": "mine now"}).WantStatus(http.StatusNotFound)
	bob.Delete("/notes/1/").WantStatus(http.StatusNotFound)
	alice.Get("/notes/1/").WantStatus(http.StatusOK)
	want401(t, c.Get("/notes/"))
	want401(t, c.Get("/notes/1/"))
	// 405 comes before 401: the method is decided first.
	c.Patch("/notes/1/", nil).WantStatus(http.StatusMethodNotAllowed)
}

// GET /whoami/ authenticates optionally: anonymous is null, a token is its
// user, a bad token is 401.
func TestWhoAmI(t *testing.T) {
	c := client(t)
	c.Get("/whoami/").WantStatus(200).WantBody(`{"user":null}`)
	var tok struct {
		Access string `json:"access_token"`
	}
	c.Post("/auth/login/", map[string]string{"username": "alice", "password": "alice-pass"}).WantStatus(200).JSON(&tok)
	c.WithToken(tok.Access).Get("/whoami").WantStatus(200).WantBody(`{"user":"alice"}`)
	c.WithToken("not-a-token").Get("/whoami/").WantStatus(401).WantHeader("Www-Authenticate", "Bearer")
}
