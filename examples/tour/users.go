package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/auth/users"
	"github.com/panther-go/panther/db"
)

// Me is what /me/ tells about the caller.
type Me struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	IsAdmin  bool   `json:"is_admin"`
}

// seeds are the tour's accounts, created in the database when missing.
var seeds = []struct {
	name, pass string
	admin      bool
}{{"admin", "admin-pass", true}, {"alice", "alice-pass", false}, {"bob", "bob-pass", false}}

// openUsers opens the tour's database, creates the users table when it is
// missing and the seeded accounts that are.
func openUsers(ctx context.Context, d *db.DB, params password.Params) (*users.Users, error) {
	accounts := users.New(d, params)
	if err := d.AutoMigrate(ctx, accounts.Table()); err != nil {
		return nil, err
	}
	for _, seed := range seeds {
		if _, err := accounts.Ensure(ctx, seed.name, seed.pass, seed.admin); err != nil {
			return nil, err
		}
	}
	return accounts, nil
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
func authURLs(accounts *users.Users, tokens *jwt.Authenticator) panther.URLs {
	post := []string{http.MethodPost}
	return panther.URLs{
		"login/": panther.API{
			Methods: post,
			Input:   LoginIn{},
			Output:  jwt.Tokens{},
			Docs:    panther.Docs{Summary: "Log in", Tags: []string{"auth"}, Errors: []int{http.StatusUnauthorized}},
			Handler: func(r *panther.Request) (any, error) {
				in := panther.Input[LoginIn](r)
				u, err := accounts.Check(r.Context(), in.Username, in.Password)
				if err != nil {
					return nil, err
				}
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
			Output:  panther.Empty{}, // 200 with no body, as in Python Panther
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
	u := r.User().(*users.User)
	return Me{ID: u.ID, Username: u.Username, IsAdmin: u.Admin}, nil
}

// WhoAmI is what /whoami/ answers: the username, or null for anonymous.
type WhoAmI struct {
	User *string `json:"user"`
}

// whoami answers anyone: an API with optional authentication.
func whoami(r *panther.Request) (any, error) {
	if u, ok := r.User().(*users.User); ok {
		return WhoAmI{User: &u.Username}, nil
	}
	return WhoAmI{}, nil
}

// decodeOptional reads a small JSON body when there is one.
func decodeOptional(r *panther.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(v)
}
