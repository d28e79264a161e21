package jwt_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
)

// BenchmarkAuthenticatedGet is a GET with a valid bearer token through the
// whole app: routing, token verification, revocation check, user lookup,
// JSON response.
func BenchmarkAuthenticatedGet(b *testing.B) {
	a := newAuth(b, jwt.Config{})
	app := panther.New(panther.Config{Authenticator: a, URLs: panther.URLs{
		"me": panther.API{Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) { return r.User(), nil }},
	}})
	defer app.Close()
	req := httptest.NewRequest(http.MethodGet, "/me", nil)
	req.Header.Set("Authorization", "Bearer "+login(b, a, "1").AccessToken)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
