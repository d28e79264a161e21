package panther

import (
	"context"
	"log/slog"
	"time"
)

// Request-scoped values, for middlewares and libraries that see only a
// context.Context. Inside an App — in a global middleware, an API's
// middleware or a handler (through Request.Context) — the context carries
// the Request, so these accessors find the user once authentication has
// run, the trusted client IP and the route. Outside one they find nothing
// and return their zero values.

// requestKey is the context key of the *Request.
type requestKey struct{}

// requestIDKey is the context key of the request ID.
type requestIDKey struct{}

// requestFrom is the Request ctx carries, or nil.
func requestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// UserFrom is whom the request of ctx authenticated as: nil before its
// API's authentication ran (a global middleware sees the user once the
// handler below it returns), for an anonymous request and outside an App.
func UserFrom(ctx context.Context) User {
	if r := requestFrom(ctx); r != nil {
		return r.user
	}
	return nil
}

// ClientIPFrom is the client IP of the request of ctx, as
// Request.ClientIP finds it behind Config.TrustedProxies; "" outside an
// App.
func ClientIPFrom(ctx context.Context) string {
	if r := requestFrom(ctx); r != nil && r.Request != nil {
		return r.ClientIP()
	}
	return ""
}

// RouteFrom is the route the request of ctx matched, such as
// "notes/<id>/"; "" before routing, for a request no route matched and
// outside an App.
func RouteFrom(ctx context.Context) string {
	if r := requestFrom(ctx); r != nil && r.ep != nil {
		return r.ep.pattern
	}
	return ""
}

// IsQuiet reports whether the request of ctx matched a Quiet API, such as
// Liveness or Readiness; false before routing and outside an App.
func IsQuiet(ctx context.Context) bool {
	r := requestFrom(ctx)
	return r != nil && r.ep != nil && r.ep.decl.Quiet
}

// WithRequestID returns ctx carrying the request ID id: what
// middleware.RequestID does for every request.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom is the request ID ctx carries, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// LoggerFrom is the app's Logger with what is known of the request of ctx:
// request_id, client_ip, route and, once authenticated, user (its UserID).
// Outside an App it is slog.Default(), with the request ID if ctx has one.
func LoggerFrom(ctx context.Context) *slog.Logger {
	r := requestFrom(ctx)
	logger := slog.Default()
	if r != nil {
		logger = r.app.logger
	}
	attrs := make([]any, 0, 4)
	if id := RequestIDFrom(ctx); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	if r != nil {
		if r.Request != nil {
			attrs = append(attrs, slog.String("client_ip", r.ClientIP()))
		}
		if r.ep != nil {
			attrs = append(attrs, slog.String("route", r.ep.pattern))
		}
		if r.user != nil {
			attrs = append(attrs, slog.String("user", r.user.UserID()))
		}
	}
	return logger.With(attrs...)
}

// Context is the request's context: that of the embedded *http.Request,
// carrying the Request too, so UserFrom, ClientIPFrom, RouteFrom and
// LoggerFrom work on it in any code the handler passes it to.
func (r *Request) Context() context.Context { return scope{r} }

// scope is the context Request.Context returns: one pointer, so making it
// an interface value costs no allocation. It answers for the embedded
// *http.Request's context, and adds the Request.
type scope struct{ r *Request }

func (s scope) Deadline() (time.Time, bool) { return s.r.Request.Context().Deadline() }
func (s scope) Done() <-chan struct{}       { return s.r.Request.Context().Done() }
func (s scope) Err() error                  { return s.r.Request.Context().Err() }

func (s scope) Value(key any) any {
	if key == (requestKey{}) {
		return s.r
	}
	return s.r.Request.Context().Value(key)
}
