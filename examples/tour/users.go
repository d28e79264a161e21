package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/auth/password"
)

// User is a tour account. Its hash never leaves the server: the APIs
// answer with Me.
type User struct {
	ID       int
	Username string
	Admin    bool
	hash     string
}

// UserID makes User a panther.User.
func (u *User) UserID() string { return strconv.Itoa(u.ID) }

// IsAdmin lets permission.IsAdmin recognise admins.
func (u *User) IsAdmin() bool { return u.Admin }

// Me is what /me/ tells about the caller.
type Me struct {
	ID       int    `json:"id"`
	Username string `json:"username"`
	IsAdmin  bool   `json:"is_admin"`
}

// userStore keeps the seeded accounts in memory.
type userStore struct {
	mu     sync.RWMutex
	byID   map[string]*User
	byName map[string]*User
	dummy  string // a hash to check unknown usernames against, so they take as long
}

// seedUsers hashes the tour's accounts at start, under params (the
// defaults when zero; tests pass cheap ones).
func seedUsers(params password.Params) (*userStore, error) {
	s := &userStore{byID: map[string]*User{}, byName: map[string]*User{}}
	for i, seed := range []struct {
		name, pass string
		admin      bool
	}{{"admin", "admin-pass", true}, {"alice", "alice-pass", false}, {"bob", "bob-pass", false}} {
		h, err := password.Hash(seed.pass, params)
		if err != nil {
			return nil, err
		}
		u := &User{ID: i + 1, Username: seed.name, Admin: seed.admin, hash: h}
		s.byID[u.UserID()], s.byName[u.Username] = u, u
	}
	dummy, err := password.Hash("no such user", params)
	s.dummy = dummy
	return s, err
}

// load is jwt.Config.LoadUser.
func (s *userStore) load(_ context.Context, id string) (panther.User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if u, ok := s.byID[id]; ok {
		return u, nil
	}
	return nil, nil
}

func (s *userStore) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.byID)
}

// check returns the user with username and password, or nil.
func (s *userStore) check(username, pass string) *User {
	s.mu.RLock()
	u := s.byName[username]
	s.mu.RUnlock()
	hash := s.dummy
	if u != nil {
		hash = u.hash
	}
	if ok, err := password.Check(hash, pass); !ok || err != nil || u == nil {
		return nil
	}
	return u
}

// LoginIn is what /auth/login/ takes.
type LoginIn struct {
	Username string `json:"username" validate:"required"`
	Password string `json:"password" validate:"required"`
}

// LogoutIn is what /auth/logout/ may take: the refresh token to revoke
// along with the access token.
type LogoutIn struct {
	RefreshToken string `json:"refresh_token"`
}

// authURLs are the routes of the token flow.
func authURLs(users *userStore, tokens *jwt.Authenticator) panther.URLs {
	post := []string{http.MethodPost}
	return panther.URLs{
		"login/": panther.API{
			Methods: post,
			Input:   LoginIn{},
			Output:  jwt.Tokens{},
			Docs:    panther.Docs{Summary: "Log in", Tags: []string{"auth"}, Errors: []int{http.StatusUnauthorized}},
			Handler: func(r *panther.Request) (any, error) {
				in := panther.Input[LoginIn](r)
				u := users.check(in.Username, in.Password)
				if u == nil {
					return nil, panther.NewError(http.StatusUnauthorized, "")
				}
				return tokens.Login(u)
			},
		},
		"refresh/": panther.API{
			Methods:       post,
			Authenticator: tokens.Refresher(),
			Output:        jwt.Tokens{},
			Docs:          panther.Docs{Summary: "Trade a refresh token for a new pair", Tags: []string{"auth"}},
			Handler:       func(r *panther.Request) (any, error) { return tokens.Refresh(r) },
		},
		"logout/": panther.API{
			Methods: post,
			Auth:    panther.AuthRequired,
			Docs:    panther.Docs{Summary: "Revoke the access token (and a refresh token, if sent)", Tags: []string{"auth"}},
			Handler: func(r *panther.Request) (any, error) {
				if err := tokens.Logout(r); err != nil {
					return nil, err
				}
				var in LogoutIn
				if r.ContentLength != 0 && decodeOptional(r, &in) == nil && in.RefreshToken != "" {
					return nil, tokens.Revoke(r, in.RefreshToken)
				}
				return nil, nil
			},
		},
	}
}

func me(r *panther.Request) (any, error) {
	u := r.User().(*User)
	return Me{ID: u.ID, Username: u.Username, IsAdmin: u.Admin}, nil
}

// WhoAmI is what /whoami/ answers: the username, or null for anonymous.
type WhoAmI struct {
	User *string `json:"user"`
}

// whoami answers anyone: an API with optional authentication.
func whoami(r *panther.Request) (any, error) {
	if u, ok := r.User().(*User); ok {
		return WhoAmI{User: &u.Username}, nil
	}
	return WhoAmI{}, nil
}

// decodeOptional reads a small JSON body when there is one.
func decodeOptional(r *panther.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(v)
}
