package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming []string // X-Request-ID values sent
		wantKept bool
	}{
		{"absent", nil, false},
		{"sane", []string{"req-1_a.b:c"}, true},
		{"uuid", []string{"0b4f7a3e-9d5c-4b7e-8f3a-2c1d5e6f7a8b"}, true},
		{"two values, the first sane", []string{"first", "second"}, true},
		{"128 characters", []string{strings.Repeat("a", 128)}, true},
		{"empty", []string{""}, false},
		{"too long", []string{strings.Repeat("a", 129)}, false},
		{"space", []string{"req 1"}, false},
		{"slash", []string{"req/1"}, false},
		{"non-ASCII", []string{"réq"}, false},
		{"log injection", []string{"1\" level=ERROR"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seenCtx, seenHeader string
			h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seenCtx = panther.RequestIDFrom(r.Context())
				seenHeader = strings.Join(r.Header.Values("X-Request-ID"), ",")
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.incoming != nil {
				req.Header["X-Request-Id"] = tt.incoming
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			id := rec.Header().Get("X-Request-ID")
			switch {
			case tt.wantKept && id != tt.incoming[0]:
				t.Errorf("response ID = %q, want the client's %q", id, tt.incoming[0])
			case !tt.wantKept && !generatedID.MatchString(id):
				t.Errorf("response ID = %q, want 32 new hex digits", id)
			}
			if seenCtx != id {
				t.Errorf("RequestIDFrom = %q, want %q", seenCtx, id)
			}
			if seenHeader != id {
				t.Errorf("request header seen downstream = %q, want %q", seenHeader, id)
			}
			if got := strings.Join(req.Header.Values("X-Request-ID"), ","); got != strings.Join(tt.incoming, ",") {
				t.Errorf("caller's request header changed to %q", got)
			}
		})
	}
}

func TestRequestIDGeneratesUnique(t *testing.T) {
	h := middleware.RequestID(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	seen := map[string]bool{}
	for range 100 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		id := rec.Header().Get("X-Request-ID")
		if seen[id] {
			t.Fatalf("ID %q generated twice", id)
		}
		seen[id] = true
	}
}

func TestRequestIDOnErrorResponses(t *testing.T) {
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panther.WriteError(w, panther.NewError(http.StatusForbidden, ""))
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Request-ID", "abc")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", rec.Code)
	}
	if got := rec.Header().Get("X-Request-ID"); got != "abc" {
		t.Errorf("X-Request-ID = %q, want abc", got)
	}
}

func TestRequestIDFromWithoutMiddleware(t *testing.T) {
	if got := panther.RequestIDFrom(t.Context()); got != "" {
		t.Errorf("RequestIDFrom = %q, want empty", got)
	}
}
