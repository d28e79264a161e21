package middleware_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

func TestAccessLog(t *testing.T) {
	tests := []struct {
		name       string
		remoteAddr string
		header     http.Header
		handler    http.HandlerFunc
		requestID  bool // wrap in RequestID
		want       map[string]any
	}{
		{
			name:    "body without WriteHeader",
			handler: func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") },
			want:    map[string]any{"status": 200.0, "bytes": 5.0},
		},
		{
			name:    "nothing written",
			handler: func(w http.ResponseWriter, r *http.Request) {},
			want:    map[string]any{"status": 200.0, "bytes": 0.0},
		},
		{
			name: "explicit status",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, "made")
			},
			want: map[string]any{"status": 201.0, "bytes": 4.0},
		},
		{
			name: "inner 404",
			handler: func(w http.ResponseWriter, r *http.Request) {
				panther.WriteError(w, panther.NewError(http.StatusNotFound, ""))
			},
			want: map[string]any{"status": 404.0, "bytes": float64(len(`{"detail":"Not Found"}`))},
		},
		{
			name: "inner 401",
			handler: func(w http.ResponseWriter, r *http.Request) {
				panther.WriteError(w, panther.NewError(http.StatusUnauthorized, ""))
			},
			want: map[string]any{"status": 401.0, "bytes": float64(len(`{"detail":"Authentication Error"}`))},
		},
		{
			name: "interim response before the final one",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusEarlyHints)
				w.WriteHeader(http.StatusAccepted)
			},
			want: map[string]any{"status": 202.0, "bytes": 0.0},
		},
		{
			name:       "IPv6 client",
			remoteAddr: "[2001:db8::1]:443",
			handler:    func(w http.ResponseWriter, r *http.Request) {},
			want:       map[string]any{"client": "2001:db8::1"},
		},
		{
			name:       "address without a port",
			remoteAddr: "@unix",
			handler:    func(w http.ResponseWriter, r *http.Request) {},
			want:       map[string]any{"client": "@unix"},
		},
		{
			name:      "request ID from RequestID",
			header:    http.Header{"X-Request-Id": {"req-42"}},
			requestID: true,
			handler:   func(w http.ResponseWriter, r *http.Request) {},
			want:      map[string]any{"request_id": "req-42"},
		},
		{
			name:    "no request ID",
			header:  http.Header{"X-Request-Id": {"ignored-without-RequestID"}},
			handler: func(w http.ResponseWriter, r *http.Request) {},
			want:    map[string]any{"request_id": nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := newLogCapture()
			var h http.Handler = tt.handler
			if tt.requestID {
				h = middleware.RequestID(h)
			}
			h = middleware.AccessLog(logger)(h)
			req := httptest.NewRequest(http.MethodGet, "/notes/7?x=1", nil)
			if tt.remoteAddr != "" {
				req.RemoteAddr = tt.remoteAddr
			}
			for k, vs := range tt.header {
				req.Header[k] = vs
			}
			h.ServeHTTP(httptest.NewRecorder(), req)

			rec := logs.only(t)
			want := map[string]any{
				"level": "INFO", "msg": "request", "method": "GET", "path": "/notes/7",
				"client": "192.0.2.1",
			}
			for k, v := range tt.want {
				want[k] = v
			}
			checkAttrs(t, rec, want)
		})
	}
}

// checkAttrs compares the attributes of rec named in want; a nil want
// means the attribute must be absent.
func checkAttrs(t *testing.T, rec, want map[string]any) {
	t.Helper()
	for k, w := range want {
		got, ok := rec[k]
		switch {
		case w == nil && ok:
			t.Errorf("%s = %v, want it absent", k, got)
		case w != nil && got != w:
			t.Errorf("%s = %v (%T), want %v (%T)", k, got, got, w, w)
		}
	}
}

func TestAccessLogDuration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger, logs := newLogCapture()
		h := middleware.AccessLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(150 * time.Millisecond) // the bubble's fake clock
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		checkAttrs(t, logs.only(t), map[string]any{"duration": float64(150 * time.Millisecond)})
	})
}

func TestAccessLogRequestIDInside(t *testing.T) {
	logger, logs := newLogCapture()
	h := middleware.AccessLog(logger)(middleware.RequestID(http.NotFoundHandler()))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Request-ID", "inner-1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	checkAttrs(t, logs.only(t), map[string]any{"request_id": "inner-1", "status": 404.0})
}

func TestAccessLogPanic(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus float64
	}{
		{"before the response", func(w http.ResponseWriter, r *http.Request) { panic("boom") }, 500},
		{"after the response started", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			panic("boom")
		}, 202},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := newLogCapture()
			h := middleware.AccessLog(logger)(tt.handler)
			func() {
				defer func() {
					if v := recover(); v != "boom" {
						t.Errorf("recovered %v, want the handler's panic to go on", v)
					}
				}()
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			}()
			checkAttrs(t, logs.only(t), map[string]any{"status": tt.wantStatus})
		})
	}
}

func TestAccessLogNilLoggerIsDefault(t *testing.T) {
	logger, logs := newLogCapture()
	setDefaultLogger(t, logger)
	middleware.AccessLog(nil)(http.NotFoundHandler()).
		ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	checkAttrs(t, logs.only(t), map[string]any{"msg": "request", "status": 404.0})
}

// TestAccessLogQuiet: probes of a Quiet API are left out of the log,
// unless they fail with a 5xx; other routes are logged.
func TestAccessLogQuiet(t *testing.T) {
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	app := panther.New(panther.Config{
		Logger:      slog.New(slog.DiscardHandler),
		Middlewares: []panther.Middleware{middleware.AccessLog(logger)},
		URLs: panther.URLs{
			"healthz": panther.Liveness(),
			"readyz": panther.Readiness(panther.Check{Name: "search", Ping: func(context.Context) error {
				return errors.New("down")
			}}),
			"hello/": panther.API{Get: panther.Operation{Handler: func(*panther.Request) (any, error) { return "hi", nil }}},
		},
	})
	defer app.Close()
	for _, path := range []string{"/healthz", "/healthz", "/readyz", "/hello/"} {
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	log := buf.String()
	if got := strings.Count(log, "msg=request"); got != 2 {
		t.Errorf("%d request records, want 2 (the failed /readyz and /hello/):\n%s", got, log)
	}
	if strings.Contains(log, "path=/healthz") || !strings.Contains(log, "path=/readyz") || !strings.Contains(log, "path=/hello/") {
		t.Errorf("the log:\n%s", log)
	}
}
