// Package fuego serves the benchmark's routes on go-fuego/fuego: typed
// controllers with fuego's own body decoding and validation (its
// go-playground/validator reads the same `validate` tags), and the shared
// peer middlewares as fuego route middlewares (fuego speaks net/http
// middleware). The default request logger is turned off, as for every
// server; the handler is fuego's ServeMux, which is what Server.Run serves
// when no global middleware is set.
package fuego

import (
	"net/http"

	"github.com/go-fuego/fuego"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// New returns the fuego server.
func New(cfg servers.Config) http.Handler {
	k := peer.NewKit("fuego", cfg)
	s := fuego.NewServer(fuego.WithoutLogger(), fuego.WithoutStartupMessages())
	fuego.GetStd(s, "/plaintext", peer.Plaintext)
	fuego.Get(s, "/hello", func(c fuego.ContextNoBody) (payload.Message, error) {
		return payload.Message{Message: "Hello, World!"}, nil
	})
	fuego.Get(s, "/users/{id}", func(c fuego.ContextNoBody) (payload.ID, error) {
		return payload.ID{ID: c.PathParam("id")}, nil
	})
	createNote := func(c fuego.ContextWithBody[payload.NoteIn]) (payload.Note, error) {
		in, err := c.Body()
		if err != nil {
			return payload.Note{}, err
		}
		return payload.NewNote(in), nil
	}
	fuego.Post(s, "/notes", createNote, fuego.OptionDefaultStatusCode(http.StatusCreated))
	fuego.Get(s, "/me", func(c fuego.ContextNoBody) (payload.User, error) {
		return payload.User{User: peer.UserFrom(c.Context())}, nil
	}, fuego.OptionMiddleware(k.Auth))
	ok := func(c fuego.ContextNoBody) (payload.OK, error) { return payload.OK{OK: true}, nil }
	fuego.Get(s, "/throttled", ok, fuego.OptionMiddleware(peer.Throttle(k.Throttled, peer.ByIP)))
	fuego.Post(s, "/full", createNote, fuego.OptionDefaultStatusCode(http.StatusCreated),
		fuego.OptionMiddleware(k.Auth, peer.NotBanned, peer.Throttle(k.Full, peer.ByUser)))
	fuego.Get(s, "/cached", ok, fuego.OptionMiddleware(k.CacheGET))
	return s.Mux
}
