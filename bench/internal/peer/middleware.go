package peer

import (
	"bytes"
	"context"
	"net"
	"net/http"

	"github.com/panther-go/panther/bench/internal/limit"
	"github.com/panther-go/panther/bench/servers"
)

type userKey struct{}

// UserFrom is the subject Auth stored in ctx.
func UserFrom(ctx context.Context) string {
	s, _ := ctx.Value(userKey{}).(string)
	return s
}

// Auth answers 401 without a valid bearer token, else stores its subject.
func (k *Kit) Auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sub, status := k.Authenticate(r.Context(), r.Header.Get("Authorization"))
		if status != 0 {
			WriteDetail(w, status, Detail(status))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, sub)))
	})
}

// NotBanned is the permission of /full: 403 for the banned user.
func NotBanned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserFrom(r.Context()) == servers.Banned {
			WriteDetail(w, http.StatusForbidden, "Permission Denied")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ClientIP is the socket's peer address.
func ClientIP(r *http.Request) string { return Host(r.RemoteAddr) }

// Host is the IP of a host:port address.
func Host(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}

// ByUser keys a throttle by the authenticated user.
func ByUser(r *http.Request) string { return "user:" + UserFrom(r.Context()) }

// ByIP keys a throttle by the client IP.
func ByIP(r *http.Request) string { return "ip:" + ClientIP(r) }

// Throttle counts each request against client(r) with l; past the rate it
// answers 429.
func Throttle(l *limit.Limiter, client func(*http.Request) string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			res, _ := l.Allow(r.Context(), client(r))
			SetRateHeaders(w.Header(), res)
			if !res.OK {
				WriteDetail(w, http.StatusTooManyRequests, "Too Many Requests")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// SetRateHeaders sets the X-RateLimit-* headers of a counted request.
func SetRateHeaders(h http.Header, res limit.Result) {
	if res.Limit == "" {
		return // the counter failed: the request passed uncounted
	}
	h.Set("X-RateLimit-Limit", res.Limit)
	h.Set("X-RateLimit-Remaining", res.Remaining)
	h.Set("X-RateLimit-Reset", res.Reset)
}

// CacheKey is the client and URL a cached response is kept under.
func CacheKey(ip, url string) string { return ip + " " + url }

// CacheGET replays a kept response for the client and URL, or runs next,
// captures what it writes and keeps it.
func (k *Kit) CacheGET(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := CacheKey(ClientIP(r), r.URL.RequestURI())
		if e, ok := k.Cache.Get(key); ok {
			w.Header().Set("Content-Type", e.ContentType)
			w.WriteHeader(e.Status)
			w.Write(e.Body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		k.Cache.Set(key, rec.status, w.Header().Get("Content-Type"), rec.body.Bytes())
	})
}

// recorder passes a response through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}
