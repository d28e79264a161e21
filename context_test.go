package panther_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
	"github.com/panther-go/panther/panthertest"
)

// audit stands for a library that sees only a context.
func audit(ctx context.Context, what string) {
	panther.LoggerFrom(ctx).Info(what)
}

func TestRequestScopedValues(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	record := func(where string, ctx context.Context) {
		mu.Lock()
		defer mu.Unlock()
		user := "<nil>"
		if u := panther.UserFrom(ctx); u != nil {
			user = u.UserID()
		}
		seen = append(seen, where+" user="+user+" ip="+panther.ClientIPFrom(ctx)+" route="+panther.RouteFrom(ctx)+" id="+panther.RequestIDFrom(ctx))
	}
	global := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			record("global-in", r.Context())
			next.ServeHTTP(w, r)
			record("global-out", r.Context())
		})
	}
	own := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			record("api-in", r.Context())
			next.ServeHTTP(w, r)
			record("api-out", r.Context())
		})
	}
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil))
	auth := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) { return tester("alice"), nil })
	app := panther.New(panther.Config{
		Logger:         logger,
		Authenticator:  auth,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")},
		Middlewares:    []panther.Middleware{middleware.RequestID, middleware.AccessLog(logger), global},
		URLs: panther.URLs{
			"notes/<id>/": panther.API{Methods: []string{"GET"}, Auth: panther.AuthRequired, Middlewares: []panther.Middleware{own},
				Handler: func(r *panther.Request) (any, error) {
					record("handler", r.Context())
					audit(r.Context(), "read a note")
					<-r.Context().Done() // the scope keeps the request's cancellation
					return nil, context.Cause(r.Context())
				}},
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	req := httptest.NewRequestWithContext(ctx, "GET", "/notes/7/", nil)
	req.RemoteAddr = "192.0.2.1:4000"
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	req.Header.Set("X-Request-ID", "req-1")
	cancel()
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)

	want := []string{
		"global-in user=<nil> ip=203.0.113.9 route= id=req-1",
		"api-in user=<nil> ip=203.0.113.9 route=notes/<id>/ id=req-1",
		"handler user=alice ip=203.0.113.9 route=notes/<id>/ id=req-1",
		"api-out user=alice ip=203.0.113.9 route=notes/<id>/ id=req-1",
		"global-out user=alice ip=203.0.113.9 route=notes/<id>/ id=req-1",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("seen\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	out := logs.String()
	for _, line := range []string{
		`msg="read a note" request_id=req-1 client_ip=203.0.113.9 route=notes/<id>/ user=alice`,
		`client=203.0.113.9`, `route=notes/<id>/ user=alice`,
	} {
		if !strings.Contains(out, line) {
			t.Errorf("log lacks %q:\n%s", line, out)
		}
	}
}

// Without an App, the accessors find nothing; LoggerFrom is the default
// logger with the request ID.
func TestRequestScopedValuesOutsideAnApp(t *testing.T) {
	ctx := panther.WithRequestID(t.Context(), "x")
	if panther.UserFrom(ctx) != nil || panther.ClientIPFrom(ctx) != "" || panther.RouteFrom(ctx) != "" || panther.RequestIDFrom(ctx) != "x" {
		t.Error("values found outside an app")
	}
	if panther.LoggerFrom(ctx) == nil {
		t.Error("no logger")
	}
	// An app without global middlewares still gives handlers the scope.
	app := panther.New(panther.Config{URLs: panther.URLs{"r/": panther.API{Handler: func(r *panther.Request) (any, error) {
		return panther.RouteFrom(r.Context()) + " " + panther.ClientIPFrom(r.Context()), nil
	}}}})
	panthertest.New(t, app).Get("/r/").WantStatus(200).WantBody(`"r/ 127.0.0.1"`)
}
