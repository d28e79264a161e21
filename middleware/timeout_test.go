package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

// serveTimeout sends a GET through Timeout(d) to h inside the test's
// synctest bubble, with X-Outer set on the response by a middleware
// outside, and returns the response and how long ServeHTTP took.
func serveTimeout(t *testing.T, d time.Duration, h http.HandlerFunc) (*httptest.ResponseRecorder, time.Duration) {
	t.Helper()
	inner := middleware.Timeout(d)(h)
	rec := httptest.NewRecorder()
	rec.Header().Set("X-Outer", "outer")
	start := time.Now()
	inner.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/slow/", nil))
	return rec, time.Since(start)
}

func TestTimeoutHandlerFirst(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantBody   string
		wantHeader http.Header
	}{
		{"status, headers and body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Inner", "inner")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, "made")
		}, 201, "made", http.Header{"X-Inner": {"inner"}, "X-Outer": {"outer"}}},
		{"nothing written", func(w http.ResponseWriter, r *http.Request) {}, 200, "", nil},
		{"body without WriteHeader", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }, 200, "ok", nil},
		{"second WriteHeader ignored", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			w.WriteHeader(http.StatusTeapot)
		}, 202, "", nil},
		{"interim response dropped", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
		}, 202, "", nil},
		{"error response", func(w http.ResponseWriter, r *http.Request) {
			panther.WriteError(w, panther.NewError(http.StatusNotFound, ""))
		}, 404, `{"detail":"Not Found"}`, http.Header{"Content-Type": {"application/json"}}},
		{"outer header deleted", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("X-Outer")
		}, 200, "", http.Header{"X-Outer": absent}},
		{"outer header added to", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("X-Outer", "inner")
		}, 200, "", http.Header{"X-Outer": {"outer", "inner"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec, took := serveTimeout(t, 2*time.Second, func(w http.ResponseWriter, r *http.Request) {
					time.Sleep(time.Second)
					tt.handler(w, r)
				})
				if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
					t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
				}
				checkHeaders(t, rec.Header(), tt.wantHeader)
				if took != time.Second {
					t.Errorf("took %v, want the handler's 1s", took)
				}
			})
		})
	}
}

func TestTimeoutDeadline(t *testing.T) {
	tests := []struct {
		name string
		wait func(r *http.Request) // until the handler gives up
	}{
		{"handler watches its context", func(r *http.Request) { <-r.Context().Done() }},
		{"handler ignores its context", func(r *http.Request) { time.Sleep(5 * time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				late := make(chan error, 3)
				rec, took := serveTimeout(t, 2*time.Second, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Inner", "inner")
					io.WriteString(w, "early")
					tt.wait(r)
					late <- r.Context().Err()
					_, err := io.WriteString(w, "late")
					late <- err
					late <- http.NewResponseController(w).Flush()
				})
				if took != 2*time.Second {
					t.Errorf("took %v, want the 2s deadline", took)
				}
				if got, want := rec.Body.String(), `{"detail":"Service Unavailable"}`; rec.Code != 503 || got != want {
					t.Errorf("got %d %s, want 503 %s", rec.Code, got, want)
				}
				checkHeaders(t, rec.Header(), http.Header{
					"Content-Type": {"application/json"}, "X-Outer": {"outer"}, "X-Inner": absent,
				})
				if err := <-late; err != context.DeadlineExceeded {
					t.Errorf("handler's context error = %v, want DeadlineExceeded", err)
				}
				for _, what := range []string{"Write", "Flush"} {
					if err := <-late; err != http.ErrHandlerTimeout {
						t.Errorf("late %s error = %v, want http.ErrHandlerTimeout", what, err)
					}
				}
			})
		})
	}
}

func TestTimeoutContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		want := time.Now().Add(3 * time.Second)
		serveTimeout(t, 3*time.Second, func(w http.ResponseWriter, r *http.Request) {
			if got, ok := r.Context().Deadline(); !ok || !got.Equal(want) {
				t.Errorf("deadline = %v (set: %v), want %v", got, ok, want)
			}
		})
	})
}

// A handler that flushes has started its response: the deadline cancels
// its context but no longer replaces the response.
func TestTimeoutStreaming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec, took := serveTimeout(t, 2*time.Second, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Inner", "inner")
			io.WriteString(w, "event 1\n")
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			<-r.Context().Done()
			io.WriteString(w, "bye\n")
			w.(http.Flusher).Flush()
		})
		if rec.Code != 200 || rec.Body.String() != "event 1\nbye\n" || !rec.Flushed {
			t.Errorf("got %d %q (flushed: %v), want the streamed 200", rec.Code, rec.Body, rec.Flushed)
		}
		checkHeaders(t, rec.Header(), http.Header{"X-Inner": {"inner"}, "X-Outer": {"outer"}})
		if took != 2*time.Second {
			t.Errorf("took %v, want the 2s deadline", took)
		}
	})
}

func TestTimeoutPanic(t *testing.T) {
	tests := []struct {
		name  string
		value any
		check func(t *testing.T, recovered any)
	}{
		{"value and stack", "boom", func(t *testing.T, v any) {
			msg := fmt.Sprint(v)
			if !strings.HasPrefix(msg, "boom") || !strings.Contains(msg, "TestTimeoutPanic") {
				t.Errorf("recovered %q, want the value and the handler's stack", msg)
			}
		}},
		{"error stays matchable", io.ErrUnexpectedEOF, func(t *testing.T, v any) {
			if err, _ := v.(error); !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("recovered %v, want an error matching io.ErrUnexpectedEOF", v)
			}
		}},
		{"abort untouched", http.ErrAbortHandler, func(t *testing.T, v any) {
			if v != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler itself", v)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := middleware.Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				panic(tt.value)
			}))
			defer func() { tt.check(t, recover()) }()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			t.Error("ServeHTTP returned, want the handler's panic")
		})
	}
}

// Recover outside Timeout logs the panic as if the handler ran in its
// goroutine: the original value, the stack where it happened.
func TestTimeoutPanicRecovered(t *testing.T) {
	logger, logs := newLogCapture()
	h := middleware.Recover(logger)(middleware.Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "buffered, never sent")
		panic("boom")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/slow/", nil))
	if got, want := rec.Body.String(), `{"detail":"Internal Server Error"}`; rec.Code != 500 || got != want {
		t.Errorf("got %d %s, want 500 %s", rec.Code, got, want)
	}
	log := logs.only(t)
	checkAttrs(t, log, map[string]any{"panic": "boom", "path": "/slow/"})
	if stack, _ := log["stack"].(string); !strings.Contains(stack, "TestTimeoutPanicRecovered.func1") {
		t.Errorf("stack is not the handler's:\n%s", stack)
	}
}

// In a panther.App, a panic below Timeout reaches the App, which answers 500.
func TestTimeoutPanicInApp(t *testing.T) {
	logger, logs := newLogCapture()
	boom := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	}
	app := panther.New(panther.Config{
		Logger:      logger,
		Middlewares: []panther.Middleware{middleware.Timeout(time.Minute), boom},
	})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != 500 {
		t.Errorf("status = %d, want 500", rec.Code)
	}
	if recs := logs.records(t); len(recs) != 1 || !strings.Contains(fmt.Sprint(recs[0]), "boom") {
		t.Errorf("logged %v, want the panic", recs)
	}
}

// A panic after the 503 went out has no caller to go to; it must not be
// lost silently.
func TestTimeoutLatePanicLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger, logs := newLogCapture()
		setDefaultLogger(t, logger)
		rec, _ := serveTimeout(t, 2*time.Second, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
			time.Sleep(time.Second) // Timeout has answered and returned by now
			panic("late boom")
		})
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("status = %d, want 503", rec.Code)
		}
		time.Sleep(2 * time.Second)
		log := logs.only(t)
		checkAttrs(t, log, map[string]any{"level": "ERROR", "msg": "panic after timeout", "panic": "late boom", "path": "/slow/"})
		if stack, _ := log["stack"].(string); !strings.Contains(stack, "TestTimeoutLatePanicLogged") {
			t.Errorf("stack is not the handler's:\n%s", stack)
		}
	})
}

func TestTimeoutInvalidDuration(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		t.Run(d.String(), func(t *testing.T) {
			msg := panicMessage(func() { middleware.Timeout(d) })
			if !strings.HasPrefix(msg, "panther: Timeout: duration must be positive") {
				t.Errorf("panic %q, want \"panther: Timeout: duration must be positive…\"", msg)
			}
		})
	}
}
