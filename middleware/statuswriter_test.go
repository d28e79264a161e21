package middleware_test

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/panther-go/panther/middleware"
)

// The middlewares that wrap the ResponseWriter to watch the response.
var wrappers = []struct {
	name string
	mw   func(http.Handler) http.Handler
}{
	{"AccessLog", middleware.AccessLog(slog.New(slog.DiscardHandler))},
	{"Recover", middleware.Recover(slog.New(slog.DiscardHandler))},
}

// fullWriter is a ResponseWriter with the optional methods a wrapper must
// let http.ResponseController reach.
type fullWriter struct {
	*httptest.ResponseRecorder
	deadline time.Time
	hijacked bool
}

func (w *fullWriter) SetWriteDeadline(t time.Time) error { w.deadline = t; return nil }

func (w *fullWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return nil, nil, nil
}

func TestWrappedWriterFlushes(t *testing.T) {
	for _, tt := range wrappers {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h := tt.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "chunk")
				if err := http.NewResponseController(w).Flush(); err != nil {
					t.Errorf("Flush: %v", err)
				}
				w.(http.Flusher).Flush()
			}))
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if !rec.Flushed {
				t.Error("the recorder was not flushed")
			}
		})
	}
}

func TestWrappedWriterUnwraps(t *testing.T) {
	for _, tt := range wrappers {
		t.Run(tt.name, func(t *testing.T) {
			fw := &fullWriter{ResponseRecorder: httptest.NewRecorder()}
			deadline := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			h := tt.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rc := http.NewResponseController(w)
				if err := rc.SetWriteDeadline(deadline); err != nil {
					t.Errorf("SetWriteDeadline: %v", err)
				}
				if _, _, err := rc.Hijack(); err != nil {
					t.Errorf("Hijack: %v", err)
				}
			}))
			h.ServeHTTP(fw, httptest.NewRequest(http.MethodGet, "/", nil))
			if !fw.deadline.Equal(deadline) {
				t.Errorf("deadline = %v, want %v", fw.deadline, deadline)
			}
			if !fw.hijacked {
				t.Error("the connection was not hijacked")
			}
		})
	}
}

func TestWrappedWriterReportsUnsupported(t *testing.T) {
	// A ResponseWriter with none of the optional methods.
	type bare struct{ http.ResponseWriter }
	for _, tt := range wrappers {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := http.NewResponseController(w).Flush(); !errors.Is(err, http.ErrNotSupported) {
					t.Errorf("Flush error = %v, want http.ErrNotSupported", err)
				}
			}))
			h.ServeHTTP(bare{httptest.NewRecorder()}, httptest.NewRequest(http.MethodGet, "/", nil))
		})
	}
}
