// Package chi serves the benchmark's routes on go-chi/chi v5, with the
// shared peer middlewares (chi speaks net/http middleware).
package chi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// New returns the chi server.
func New(cfg servers.Config) http.Handler {
	k := peer.NewKit("chi", cfg)
	r := chi.NewRouter()
	r.Get("/plaintext", peer.Plaintext)
	r.Get("/hello", func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.Message{Message: "Hello, World!"})
	})
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.ID{ID: chi.URLParam(r, "id")})
	})
	createNote := func(w http.ResponseWriter, r *http.Request) {
		if in, ok := k.ReadNote(w, r); ok {
			peer.WriteJSON(w, http.StatusCreated, payload.NewNote(in))
		}
	}
	r.Post("/notes", createNote)
	r.With(k.Auth).Get("/me", func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.User{User: peer.UserFrom(r.Context())})
	})
	ok := func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.OK{OK: true})
	}
	r.With(peer.Throttle(k.Throttled, peer.ByIP)).Get("/throttled", ok)
	r.With(k.Auth, peer.NotBanned, peer.Throttle(k.Full, peer.ByUser)).Post("/full", createNote)
	r.With(k.CacheGET).Get("/cached", ok)
	return r
}
