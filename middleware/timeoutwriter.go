package middleware

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"net/http"
	"sync"

	"github.com/panther-go/panther"
)

// timeoutWriter is the handler's ResponseWriter under Timeout. It holds the
// response back until the handler returns or flushes. Whether the handler
// or the deadline came first is decided under the lock from the context's
// state, not from which goroutine the scheduler runs first, so a handler
// that wakes at the deadline and writes never beats the 503.
type timeoutWriter struct {
	w   http.ResponseWriter
	ctx context.Context // the handler's, with the deadline

	// h is the handler's header map: a copy of the response's until the
	// response starts, so the handler also sees headers set outside (CORS,
	// X-Request-ID) and can add to them. Only the handler's goroutine uses
	// it until the handler returns.
	h http.Header

	mu        sync.Mutex
	status    int // 0 until the handler sets one
	body      bytes.Buffer
	started   bool // flushed before the deadline: writes go straight through
	expired   bool // the deadline passed first: the answer is 503, writes are discarded
	returned  bool // the handler returned or panicked
	abandoned bool // the 503 went out before the handler returned
}

func (tw *timeoutWriter) Header() http.Header { return tw.h }

func (tw *timeoutWriter) WriteHeader(code int) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	switch {
	case tw.started:
		tw.w.WriteHeader(code)
	case tw.expire(), tw.status != 0:
	case code < 200 && code != http.StatusSwitchingProtocols:
		// An interim response (103 Early Hints) cannot wait in a buffer for
		// the final one; it is dropped.
	default:
		tw.status = code
	}
}

func (tw *timeoutWriter) Write(p []byte) (int, error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	switch {
	case tw.started:
		return tw.w.Write(p)
	case tw.expire():
		return 0, http.ErrHandlerTimeout
	}
	if tw.status == 0 {
		tw.status = http.StatusOK
	}
	return tw.body.Write(p)
}

func (tw *timeoutWriter) Flush() { _ = tw.FlushError() }

// FlushError sends the buffered response and starts streaming; after the
// deadline it fails with http.ErrHandlerTimeout.
func (tw *timeoutWriter) FlushError() error {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.expire() {
		return http.ErrHandlerTimeout
	}
	if !tw.started {
		tw.commit()
		tw.started = true
		tw.h = tw.w.Header() // trailers and late changes go to the real map
	}
	return http.NewResponseController(tw.w).Flush()
}

// expire reports whether the deadline passed before the response started,
// recording it; tw.mu must be held.
func (tw *timeoutWriter) expire() bool {
	if !tw.started && !tw.expired && tw.ctx.Err() != nil {
		tw.expired = true
	}
	return tw.expired
}

// markReturned records, in the handler's goroutine, that the handler is
// done, and reports whether Timeout had already answered and left.
func (tw *timeoutWriter) markReturned() (abandoned bool) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.expire()
	tw.returned = true
	return tw.abandoned
}

// timeOut answers 503 at the deadline, unless the response has started or
// the handler has returned, and reports whether it did.
func (tw *timeoutWriter) timeOut() bool {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.started || tw.returned {
		return false
	}
	tw.expired, tw.abandoned = true, true
	tw.answerTimeout()
	return true
}

// finish ends the response once the handler has returned, or goes on with
// its panic p.
func (tw *timeoutWriter) finish(p any) {
	if p != nil {
		panic(p)
	}
	tw.mu.Lock()
	defer tw.mu.Unlock()
	switch {
	case tw.started:
	case tw.expired:
		tw.answerTimeout()
	default:
		tw.commit()
	}
}

func (tw *timeoutWriter) answerTimeout() {
	panther.WriteError(tw.w, panther.NewError(http.StatusServiceUnavailable, "Service Unavailable"))
}

// commit sends the buffered response; tw.mu must be held. The handler's
// header map replaces the response's whole: it began as a copy and the
// handler may have deleted from it.
func (tw *timeoutWriter) commit() {
	dst := tw.w.Header()
	clear(dst)
	maps.Copy(dst, tw.h)
	tw.w.WriteHeader(cmp.Or(tw.status, http.StatusOK))
	if tw.body.Len() > 0 {
		tw.w.Write(tw.body.Bytes())
	}
}
