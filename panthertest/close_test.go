package panthertest_test

import (
	"net/http/httptest"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

// TestNewClosesApp checks that a client made for an App closes the app
// when the client's test ends, which closes the store the app made, and
// leaves a store given in Config.Store open.
func TestNewClosesApp(t *testing.T) {
	given := memory.New(memory.Options{})
	defer given.Close()
	tests := []struct {
		name  string
		store store.Store
		want  string
	}{
		{"the app's own store", nil, `"closed"`},
		{"a given store", given, `"open"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := panther.New(panther.Config{Store: tt.store, URLs: panther.URLs{"ping": panther.API{Handler: func(r *panther.Request) (any, error) {
				if err := r.Store().Ping(r.Context()); err != nil {
					return "closed", nil
				}
				return "open", nil
			}}}})
			t.Run("client", func(t *testing.T) {
				panthertest.New(t, app).Get("/ping").WantBody(`"open"`)
			})
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, httptest.NewRequest("GET", "/ping", nil))
			if got := rec.Body.String(); got != tt.want {
				t.Errorf("after the client's test, the store answers %s, want %s", got, tt.want)
			}
		})
	}
}
