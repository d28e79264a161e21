package panther

import "net/http"

// handlerBody hands the response to a mounted handler.
type handlerBody struct{ h http.Handler }

func (b handlerBody) writeBody(w http.ResponseWriter, r *http.Request, _ *headerValues, _ int) error {
	b.h.ServeHTTP(w, r)
	return nil
}
