// Package huma serves the benchmark's routes on danielgtaylor/huma v2 over
// net/http's ServeMux (humago): typed operations, huma's own body
// validation from schema tags, and huma operation middlewares over the
// shared peer Kit. Huma has no response cache and its operation
// middlewares cannot capture a body, so /cached is wrapped in the shared
// net/http cache middleware in front of the mux, as a huma user would.
//
// Two settings differ from huma.DefaultConfig, both to answer what every
// server answers: no schema-link transformer (it adds "$schema" to every
// body), and validation failures answer 400 instead of huma's 422.
package huma

import (
	"context"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// NoteIn is payload.NoteIn in huma's schema tags: fields without
// omitempty are required; string limits on an array apply to its items.
type NoteIn struct {
	Title string   `json:"title" minLength:"1" maxLength:"100"`
	Body  string   `json:"body,omitempty" maxLength:"2000"`
	Tags  []string `json:"tags,omitempty" maxItems:"5" minLength:"1" maxLength:"20"`
}

type (
	noteInput  struct{ Body NoteIn }
	noteOutput struct{ Body payload.Note }
	idInput    struct {
		ID string `path:"id"`
	}
	out[T any] struct{ Body T }
	// textOut is a raw body with its media type.
	textOut struct {
		ContentType string `header:"Content-Type"`
		Body        []byte
	}
)

var badRequestOnce sync.Once

// New returns the huma server.
func New(cfg servers.Config) http.Handler {
	badRequestOnce.Do(func() { // huma's error constructor is a package variable
		next := huma.NewError
		huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
			if status == http.StatusUnprocessableEntity {
				status = http.StatusBadRequest
			}
			return next(status, msg, errs...)
		}
	})
	k := peer.NewKit("huma", cfg)
	mux := http.NewServeMux()
	config := huma.DefaultConfig("bench", "1.0.0")
	config.CreateHooks = nil
	api := humago.New(mux, config)

	huma.Get(api, "/plaintext", func(ctx context.Context, _ *struct{}) (*textOut, error) {
		return &textOut{ContentType: "text/plain; charset=utf-8", Body: []byte(servers.PlaintextBody)}, nil
	})
	huma.Get(api, "/hello", func(ctx context.Context, _ *struct{}) (*out[payload.Message], error) {
		return &out[payload.Message]{payload.Message{Message: "Hello, World!"}}, nil
	})
	huma.Get(api, "/users/{id}", func(ctx context.Context, in *idInput) (*out[payload.ID], error) {
		return &out[payload.ID]{payload.ID{ID: in.ID}}, nil
	})
	createNote := func(ctx context.Context, in *noteInput) (*noteOutput, error) {
		return &noteOutput{payload.NewNote(payload.NoteIn(in.Body))}, nil
	}
	huma.Register(api, huma.Operation{Method: http.MethodPost, Path: "/notes", DefaultStatus: http.StatusCreated}, createNote)
	huma.Register(api, huma.Operation{
		Method: http.MethodGet, Path: "/me",
		Middlewares: huma.Middlewares{auth(api, k)},
	}, func(ctx context.Context, _ *struct{}) (*out[payload.User], error) {
		return &out[payload.User]{payload.User{User: ctx.Value(userKey{}).(string)}}, nil
	})
	ok := func(ctx context.Context, _ *struct{}) (*out[payload.OK], error) {
		return &out[payload.OK]{payload.OK{OK: true}}, nil
	}
	huma.Register(api, huma.Operation{
		Method: http.MethodGet, Path: "/throttled",
		Middlewares: huma.Middlewares{throttle(api, k, false)},
	}, ok)
	huma.Register(api, huma.Operation{
		Method: http.MethodPost, Path: "/full", DefaultStatus: http.StatusCreated,
		Middlewares: huma.Middlewares{auth(api, k), notBanned(api), throttle(api, k, true)},
	}, createNote)
	huma.Get(api, "/cached", ok)

	cached := k.CacheGET(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cached" && r.Method == http.MethodGet {
			cached.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

type userKey struct{}

func auth(api huma.API, k *peer.Kit) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		sub, status := k.Authenticate(ctx.Context(), ctx.Header("Authorization"))
		if status != 0 {
			huma.WriteErr(api, ctx, status, peer.Detail(status))
			return
		}
		next(huma.WithValue(ctx, userKey{}, sub))
	}
}

func notBanned(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if ctx.Context().Value(userKey{}) == servers.Banned {
			huma.WriteErr(api, ctx, http.StatusForbidden, "Permission Denied")
			return
		}
		next(ctx)
	}
}

func throttle(api huma.API, k *peer.Kit, byUser bool) func(huma.Context, func(huma.Context)) {
	l := k.Throttled
	if byUser {
		l = k.Full
	}
	return func(ctx huma.Context, next func(huma.Context)) {
		var client string
		if byUser {
			client = "user:" + ctx.Context().Value(userKey{}).(string)
		} else {
			client = "ip:" + peer.Host(ctx.RemoteAddr())
		}
		res, _ := l.Allow(ctx.Context(), client)
		if res.Limit != "" {
			ctx.SetHeader("X-RateLimit-Limit", res.Limit)
			ctx.SetHeader("X-RateLimit-Remaining", res.Remaining)
			ctx.SetHeader("X-RateLimit-Reset", res.Reset)
		}
		if !res.OK {
			huma.WriteErr(api, ctx, http.StatusTooManyRequests, "Too Many Requests")
			return
		}
		next(ctx)
	}
}
