package panther

import "net/http"

// checkMethod is step 1: a verb the API does not declare is 405 with an
// Allow header, decided before authentication for both endpoint styles.
func (ep *endpoint) checkMethod(r *Request) (*operation, error) {
	if i := verbIndex(r.Method); i >= 0 && ep.ops[i].handler != nil {
		return &ep.ops[i], nil
	}
	return nil, &Error{Status: http.StatusMethodNotAllowed, Detail: "Method Not Allowed", Header: http.Header{"Allow": {ep.allow}}}
}

// answerOptions answers OPTIONS with 204 and the Allow header. A CORS
// middleware answers real preflights before they get here.
func (ep *endpoint) answerOptions(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Allow", ep.allow)
	h.Del("Content-Type")
	w.WriteHeader(http.StatusNoContent)
}
