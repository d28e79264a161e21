package middleware

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/panther-go/panther"
)

// requestIDHeader carries the ID in both directions.
const requestIDHeader = "X-Request-ID"

// maxRequestIDLen bounds what a client can make every log line carry.
const maxRequestIDLen = 128

// RequestID gives every request an ID: the client's X-Request-ID when it is
// sane — 1 to 128 ASCII letters, digits, '-', '_', '.' or ':' — else 32 new
// random hex digits. Anything else in the header is replaced rather than
// cleaned, so a log line never carries what a client smuggled in.
//
// The ID is set on the response's X-Request-ID before the rest of the chain
// runs, so error responses carry it too; on the request's X-Request-ID for
// code that reads headers; and in the context, for panther.RequestIDFrom and
// panther.LoggerFrom.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		r = r.WithContext(panther.WithRequestID(r.Context(), id))
		if vs := r.Header.Values(requestIDHeader); len(vs) != 1 || vs[0] != id {
			// WithContext copies the Request but shares its Header map,
			// which belongs to the caller.
			r.Header = r.Header.Clone()
			r.Header.Set(requestIDHeader, id)
		}
		next.ServeHTTP(w, r)
	})
}

func saneRequestID(id string) bool {
	if len(id) == 0 || len(id) > maxRequestIDLen {
		return false
	}
	for i := range len(id) {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits in hex: unique without coordination
// between instances.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails; it crashes the program instead
	return hex.EncodeToString(b[:])
}

// requestIDOf finds the request's ID for a log record: in the context when
// RequestID runs outside the caller, else on the response when it runs
// inside.
func requestIDOf(w http.ResponseWriter, r *http.Request) string {
	if id := panther.RequestIDFrom(r.Context()); id != "" {
		return id
	}
	return w.Header().Get(requestIDHeader)
}
