package bench_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/panther-go/panther/bench/frameworks"
	"github.com/panther-go/panther/bench/scenario"
)

// TestEquivalence sends every scenario's request, and its error cases, to
// every server and wants the same status and, for a 2xx, the same JSON.
func TestEquivalence(t *testing.T) {
	for _, s := range scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			cfg := config(t, s)
			for _, fw := range frameworks.All() {
				t.Run(fw.Name, func(t *testing.T) {
					h := fw.Handler(cfg)
					check(t, h, s.Case)
					check(t, h, s.Case) // again: the cached scenario's hit
					for _, c := range s.Errors {
						check(t, h, c)
					}
				})
			}
		})
	}
}

func check(t *testing.T, h http.Handler, c scenario.Case) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, newRequest(c.Request))
	if w.Code != c.Status {
		t.Fatalf("%s %s %s: status %d, want %d; body %s", c.Name, c.Method, c.Path, w.Code, c.Status, w.Body)
	}
	if c.Want == "" {
		return
	}
	if c.Text {
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s %s: Content-Type %q, want text/plain", c.Method, c.Path, ct)
		}
		if w.Body.String() != c.Want {
			t.Errorf("%s %s: body %q, want %q", c.Method, c.Path, w.Body, c.Want)
		}
		return
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, want application/json", c.Method, c.Path, ct)
	}
	var got, want any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%s %s: body %q: %v", c.Method, c.Path, w.Body, err)
	}
	if err := json.Unmarshal([]byte(c.Want), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s %s: body %s, want %s", c.Method, c.Path, w.Body, c.Want)
	}
	if strings.HasPrefix(c.Path, "/throttled") || strings.HasPrefix(c.Path, "/full") {
		if got := w.Header().Get("X-RateLimit-Limit"); got != "1000000" {
			t.Errorf("%s %s: X-RateLimit-Limit %q, want 1000000", c.Method, c.Path, got)
		}
	}
}

// TestDrivers checks that the in-process benchmark drivers, fiber's
// fasthttp one included, get the scenarios' statuses.
func TestDrivers(t *testing.T) {
	for _, s := range scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			cfg := config(t, s)
			for _, fw := range frameworks.All() {
				run := driver(t, fw, cfg, s.Request)
				for range 3 {
					if got := run(); got != s.Status {
						t.Errorf("%s: status %d, want %d", fw.Name, got, s.Status)
					}
				}
			}
		})
	}
}
