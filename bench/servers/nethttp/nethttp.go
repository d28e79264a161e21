// Package nethttp is the benchmark's baseline: the routes hand-written on
// net/http's ServeMux, with the shared peer middlewares.
package nethttp

import (
	"net/http"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// New returns the net/http server.
func New(cfg servers.Config) http.Handler {
	k := peer.NewKit("nethttp", cfg)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /plaintext", peer.Plaintext)
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.Message{Message: "Hello, World!"})
	})
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.ID{ID: r.PathValue("id")})
	})
	createNote := func(w http.ResponseWriter, r *http.Request) {
		if in, ok := k.ReadNote(w, r); ok {
			peer.WriteJSON(w, http.StatusCreated, payload.NewNote(in))
		}
	}
	mux.HandleFunc("POST /notes", createNote)
	mux.Handle("GET /me", k.Auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.User{User: peer.UserFrom(r.Context())})
	})))
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer.WriteJSON(w, http.StatusOK, payload.OK{OK: true})
	})
	mux.Handle("GET /throttled", peer.Throttle(k.Throttled, peer.ByIP)(ok))
	mux.Handle("POST /full", k.Auth(peer.NotBanned(peer.Throttle(k.Full, peer.ByUser)(http.HandlerFunc(createNote)))))
	mux.Handle("GET /cached", k.CacheGET(ok))
	return mux
}
