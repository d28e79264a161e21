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
	if e.Detail == "" {
		return http.StatusText(e.status())
	}
	return e.Detail
}

// NewError returns an *Error with the given status and detail.
func NewError(status int, detail string) *Error {
	return &Error{Status: status, Detail: detail}
}

func newError(status int, fallback string, detail []string) *Error {
	if len(detail) > 0 && detail[0] != "" {
		fallback = detail[0]
	}
	return &Error{Status: status, Detail: fallback}
}

// The family below mirrors Python Panther's APIError classes. Each takes an
// optional detail that replaces the default message.

// BadRequest is 400 {"detail":"Bad Request"}.
func BadRequest(detail ...string) *Error { return newError(400, "Bad Request", detail) }

// AuthenticationError is 401 {"detail":"Authentication Error"}.
func AuthenticationError(detail ...string) *Error {
	return newError(401, "Authentication Error", detail)
}

// PermissionDenied is 403 {"detail":"Permission Denied"}.
func PermissionDenied(detail ...string) *Error { return newError(403, "Permission Denied", detail) }

// NotFound is 404 {"detail":"Not Found"}.
func NotFound(detail ...string) *Error { return newError(404, "Not Found", detail) }

// MethodNotAllowed is 405 {"detail":"Method Not Allowed"}.
func MethodNotAllowed(detail ...string) *Error { return newError(405, "Method Not Allowed", detail) }

// UnsupportedMediaType is 415 {"detail":"Unsupported Media Type"}.
func UnsupportedMediaType(detail ...string) *Error {
	return newError(415, "Unsupported Media Type", detail)
}

// UnprocessableEntity is 422 {"detail":"Unprocessable Entity"}.
func UnprocessableEntity(detail ...string) *Error {
	return newError(422, "Unprocessable Entity", detail)
}

// TooManyRequests is 429 {"detail":"Too Many Requests"}.
func TooManyRequests(detail ...string) *Error { return newError(429, "Too Many Requests", detail) }

// InternalServerError is 500 {"detail":"Internal Server Error"}.
func InternalServerError(detail ...string) *Error {
	return newError(500, "Internal Server Error", detail)
}

// WriteError writes err as a JSON response: an *Error (found with errors.As)
// gives its status, headers and {"detail": …}; any other error gives
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
	var e *Error
	if !errors.As(err, &e) || e == nil {
		writeRaw(w, hv, http.StatusInternalServerError, internalErrorBody)
		return
	}
	h := w.Header()
	for k, vs := range e.Header {
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
	var (
		e      *Error
		fields ValidationError
	)
	if errors.As(err, &fields) {
		return false
	}
	return !errors.As(err, &e) || e == nil || e.status() == http.StatusInternalServerError
}

// logError records the cause of a 5xx answer.
func logError(l *slog.Logger, r *http.Request, err error) {
	l.LogAttrs(r.Context(), slog.LevelError, "panther: request failed",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
}
