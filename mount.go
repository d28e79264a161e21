package panther

import (
	"fmt"
	"net/http"
)

// Mount routes its path and every path below it to a plain http.Handler —
// a file server, embedded docs assets, another router. The handler sees
// the whole request path. The declaration's Auth, Permissions and
// Middlewares apply as on an API; Methods default to GET and HEAD.
//
//	app.Handle("assets/", panther.Mount{Handler: http.FileServerFS(assets)})
type Mount struct {
	// Handler serves the requests. Required.
	Handler http.Handler

	// Methods lists the methods passed to Handler; others get 405.
	// Default: GET (and HEAD).
	Methods []string

	// Auth, Authenticator, Permissions and Middlewares: as on API.
	Auth          AuthMode
	Authenticator Authenticator
	Permissions   []Permission
	Middlewares   []Middleware
}

func (Mount) isRoute() {}

// handlerBody hands the response to a mounted handler.
type handlerBody struct{ h http.Handler }

func (b handlerBody) writeBody(w http.ResponseWriter, r *http.Request, _ int) error {
	b.h.ServeHTTP(w, r)
	return nil
}

func (ep *endpoint) fromMount(m Mount) declaration {
	if m.Handler == nil {
		panic(fmt.Sprintf("panther: route %q: Mount.Handler is nil; give it an http.Handler", ep.pattern))
	}
	h := m.Handler
	methods := m.Methods
	if len(methods) == 0 {
		methods = []string{http.MethodGet}
	}
	ep.setMethods(methods, func(*Request) (any, error) { return Response{body: handlerBody{h}}, nil })
	return declaration{Auth: m.Auth, Authenticator: m.Authenticator, Permissions: m.Permissions, Middlewares: m.Middlewares, Docs: Docs{Hidden: true}}
}
