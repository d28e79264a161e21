package panther

import (
	"errors"
	"log/slog"
	"net/http"
)

// Error is an error that knows its HTTP response: Panther's APIError family.
// A handler, permission or middleware returns one to answer with Status and
// the body {"detail": Detail}; Header is added to the response.
type Error struct {
	Status int         // HTTP status code; 0 means 500
	Detail string      // the client-facing message; empty means the status text
	Header http.Header // extra response headers, such as Allow or Retry-After
}

func (e *Error) Error() string {
	if e == nil { // a nil *Error stored in an error: a bug in the caller
		return "panther: a nil *Error was returned as an error"
	}
	return e.detail()
}

func (e *Error) status() int {
	if e.Status == 0 {
		return http.StatusInternalServerError
	}
	return e.Status
}

func (e *Error) detail() string {
	if e.Detail != "" {
		return e.Detail
	}
	if d, ok := details[e.status()]; ok {
		return d
	}
	return http.StatusText(e.status())
}

// details are Python Panther's words where they differ from the status
// text.
var details = map[int]string{
	http.StatusUnauthorized: "Authentication Error",
	http.StatusForbidden:    "Permission Denied",
}

// NewError returns an *Error: the one way to build one. An empty detail
// is the status's own words, Python Panther's where it has them:
//
//	panther.NewError(http.StatusNotFound, "Book Does Not Exist") // 404 {"detail":"Book Does Not Exist"}
//	panther.NewError(http.StatusForbidden, "")                   // 403 {"detail":"Permission Denied"}
//	panther.NewError(http.StatusUnauthorized, "")                // 401 {"detail":"Authentication Error"}
func NewError(status int, detail string) *Error {
	return &Error{Status: status, Detail: detail}
}

// WriteError writes err as a JSON response: an *Error (found with errors.As)
// gives its status, headers and {"detail": …}; an HTTPStatuser with a 4xx
// status (a db.NotFoundError, say) that status and its text; any other error gives
// 500 {"detail":"Internal Server Error"} and never reveals its text; so does
// a nil *Error, which is a non-nil error when returned as one. Logging
// the cause of a 500 is the caller's job; the App does it with its Logger.
func WriteError(w http.ResponseWriter, err error) { writeError(w, nil, err) }

func writeError(w http.ResponseWriter, hv *headerValues, err error) {
	var fields ValidationError
	if errors.As(err, &fields) {
		writeJSON(w, hv, http.StatusBadRequest, map[string]string(fields))
		return
	}
	e := asError(err)
	if e == nil {
		writeRaw(w, hv, http.StatusInternalServerError, internalErrorBody)
		return
	}
	h := w.Header()
	for k, vs := range e.Header {
		k = http.CanonicalHeaderKey(k) // a literal http.Header{"WWW-Authenticate": …} is not canonical
		h[k] = append(h[k][:0:0], vs...)
	}
	if body, ok := staticBodies[e.Detail]; ok {
		writeRaw(w, hv, e.status(), body)
		return
	}
	writeJSON(w, hv, e.status(), detailBody{e.detail()})
}

type detailBody struct {
	Detail string `json:"detail"`
}

// errClientGone ends a request whose client left before it was answered:
// a store call it made was cut short. Nobody reads the answer; the status
// is nginx's 499, for access logs.
var errClientGone = &Error{Status: 499, Detail: "Client Closed Request"}

// Precomputed bodies of the errors the pipeline itself answers with.
var (
	internalErrorBody = []byte(`{"detail":"Internal Server Error"}`)
	staticBodies      = map[string][]byte{
		"Not Found":             []byte(`{"detail":"Not Found"}`),
		"Method Not Allowed":    []byte(`{"detail":"Method Not Allowed"}`),
		"Authentication Error":  []byte(`{"detail":"Authentication Error"}`),
		"Permission Denied":     []byte(`{"detail":"Permission Denied"}`),
		"Too Many Requests":     []byte(`{"detail":"Too Many Requests"}`),
		"Internal Server Error": internalErrorBody,
	}
)

// isServerError reports whether err is a failure whose cause belongs in
// the log: an unknown error, a panic, or an *Error of status 500. Another
// 5xx *Error (a 503 while the store is down, say) is an answer the code
// chose and logged, if at all, where it chose it.
func isServerError(err error) bool {
	var fields ValidationError
	if errors.As(err, &fields) {
		return false
	}
	e := asError(err)
	return e == nil || e.status() == http.StatusInternalServerError
}

// HTTPStatuser is implemented by an error that knows its status, such as
// package db's not-found and conflict errors: a 4xx one answers that status
// with the error's text as the detail; any other is a 500.
type HTTPStatuser interface {
	error
	HTTPStatus() int
}

// asError is err as an *Error: itself, or an HTTPStatuser's 4xx answer;
// nil for any other error.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e // nil for a nil *Error, which is a 500
	}
	var s HTTPStatuser
	if errors.As(err, &s) {
		if code := s.HTTPStatus(); code >= 400 && code <= 499 {
			return &Error{Status: code, Detail: s.Error()}
		}
	}
	return nil
}

// logError records the cause of a 5xx answer.
func logError(l *slog.Logger, r *http.Request, err error) {
	l.LogAttrs(r.Context(), slog.LevelError, "panther: request failed",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
}
