package middleware_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panther-go/panther/middleware"
)

func TestRecoverBeforeResponse(t *testing.T) {
	tests := []struct {
		name      string
		value     any
		wantPanic string
	}{
		{"string", "boom", "boom"},
		{"error", errors.New("db down"), "db down"},
		{"number", 42, "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := newLogCapture()
			h := middleware.Recover(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Before", "kept")
				panic(tt.value)
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/notes/", nil))

			if rec.Code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", rec.Code)
			}
			if got, want := rec.Body.String(), `{"detail":"Internal Server Error"}`; got != want {
				t.Errorf("body = %s, want %s", got, want)
			}
			if got := rec.Header().Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			log := logs.only(t)
			checkAttrs(t, log, map[string]any{
				"level": "ERROR", "method": "POST", "path": "/notes/", "panic": tt.wantPanic, "request_id": nil,
			})
			if stack, _ := log["stack"].(string); !strings.Contains(stack, "TestRecoverBeforeResponse") {
				t.Errorf("stack does not show where the panic happened:\n%s", stack)
			}
		})
	}
}

func TestRecoverLogsRequestID(t *testing.T) {
	logger, logs := newLogCapture()
	h := middleware.Recover(logger)(middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Request-ID", "req-7")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkAttrs(t, logs.only(t), map[string]any{"request_id": "req-7"})
	if got := rec.Header().Get("X-Request-ID"); got != "req-7" {
		t.Errorf("X-Request-ID on the 500 = %q, want req-7", got)
	}
}

// After the status line has gone out, Recover can only abort: the client
// must see a broken response, not a complete-looking one.
func TestRecoverAfterResponseStarted(t *testing.T) {
	logger, logs := newLogCapture()
	srv := httptest.NewServer(middleware.Recover(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		http.NewResponseController(w).Flush()
		panic("boom")
	})))
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Errorf("reading the body succeeded with %q, want the connection aborted", body)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want the 200 already sent", resp.StatusCode)
	}
	srv.Close() // waits for the handler, so its log record is complete
	checkAttrs(t, logs.only(t), map[string]any{"level": "ERROR", "panic": "boom"})
}

func TestRecoverPassesAbortHandler(t *testing.T) {
	logger, logs := newLogCapture()
	h := middleware.Recover(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", v)
			}
		}()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	}()
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Flushed {
		t.Errorf("got a response (%d %q), want none written", rec.Code, rec.Body)
	}
	if recs := logs.records(t); len(recs) != 0 {
		t.Errorf("logged %v, want nothing for a deliberate abort", recs)
	}
}

func TestRecoverNoPanic(t *testing.T) {
	logger, logs := newLogCapture()
	h := middleware.Recover(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusTeapot {
		t.Errorf("status = %d, want 418", rec.Code)
	}
	if recs := logs.records(t); len(recs) != 0 {
		t.Errorf("logged %v, want nothing", recs)
	}
}

func TestRecoverNilLoggerIsDefault(t *testing.T) {
	logger, logs := newLogCapture()
	setDefaultLogger(t, logger)
	h := middleware.Recover(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	checkAttrs(t, logs.only(t), map[string]any{"panic": "boom"})
}
