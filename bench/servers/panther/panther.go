// Package panther serves the benchmark's routes on Panther for Go, with
// nothing but its declarations: Auth with auth/jwt as
// Config.Authenticator (which also checks revocation in the app's store
// on every request), Permissions, Throttling, Input, Cache, and a
// store/redis Store for the Redis scenario.
package panther

import (
	"context"
	"fmt"
	"net/http"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/redis"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/servers"
)

// user is whom a token authenticates: its subject.
type user string

func (u user) UserID() string { return string(u) }

// New returns the Panther app.
func New(cfg servers.Config) http.Handler {
	get, post := []string{http.MethodGet}, []string{http.MethodPost}
	throttle := &panther.Throttle{Rate: servers.ThrottleRate, Duration: servers.ThrottleWindow}
	notBanned := panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		return r.User().UserID() != servers.Banned, nil
	})
	createNote := func(r *panther.Request) (any, error) {
		return payload.NewNote(panther.Input[payload.NoteIn](r)), nil // 201: the API's Status
	}
	ok := func(*panther.Request) (any, error) { return payload.OK{OK: true}, nil }
	var st store.Store
	if cfg.Redis != "" {
		rs, err := redis.Open(cfg.Redis, redis.Options{})
		if err != nil {
			panic(fmt.Sprintf("panther: Redis URL %q: %v", cfg.Redis, err))
		}
		st = rs // like the peers' clients, it lives as long as the process
	}
	return panther.New(panther.Config{
		Store:         st,
		Authenticator: authenticator(cfg),
		URLs: panther.URLs{
			"plaintext/": panther.API{Methods: get, Handler: func(*panther.Request) (any, error) {
				return panther.Text(servers.PlaintextBody), nil
			}},
			"hello/": panther.API{Methods: get, Handler: func(*panther.Request) (any, error) {
				return payload.Message{Message: "Hello, World!"}, nil
			}},
			"users/<id>/": panther.API{Methods: get, Handler: func(r *panther.Request) (any, error) {
				return payload.ID{ID: r.PathVar("id")}, nil
			}},
			"notes/": panther.API{Methods: post, Input: payload.NoteIn{}, Status: http.StatusCreated, Handler: createNote},
			"me/": panther.API{Methods: get, Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) {
				return payload.User{User: r.User().UserID()}, nil
			}},
			"throttled/": panther.API{Methods: get, Throttle: throttle, Handler: ok},
			"full/": panther.API{
				Methods:     post,
				Auth:        panther.AuthRequired,
				Permissions: []panther.Permission{notBanned},
				Throttle:    throttle,
				Input:       payload.NoteIn{},
				Status:      http.StatusCreated,
				Handler:     createNote,
			},
			"cached/": panther.API{Methods: get, Cache: servers.CacheTTL, Handler: ok},
		},
	})
}

// authenticator is auth/jwt on the benchmark's HS256 secret; a token's
// user is its subject.
func authenticator(cfg servers.Config) panther.Authenticator {
	a, err := jwt.New(jwt.Config{
		Key: cfg.Key(),
		LoadUser: func(_ context.Context, id string) (panther.User, error) {
			return user(id), nil
		},
	})
	if err != nil {
		panic(fmt.Sprintf("bench/servers/panther: %v", err))
	}
	return a
}
