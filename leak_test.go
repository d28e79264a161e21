package panther_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/panther-go/panther"
)

// TestMain fails the run if a test leaves a goroutine behind, such as a
// store's or a server's that nothing closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// An App used as a plain http.Handler, and never closed, leaves no
// goroutine behind: its in-memory store needs none.
func TestPlainHandlerLeavesNoGoroutine(t *testing.T) {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"cached":  panther.API{Cache: time.Minute, Handler: okHandler},
		"limited": panther.API{Throttle: &panther.Throttle{Rate: 5, Duration: time.Minute}, Handler: okHandler},
	}})
	for _, path := range []string{"/cached", "/cached", "/limited"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
	}
	goleak.VerifyNone(t)
}
