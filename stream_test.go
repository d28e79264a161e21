package panther_test

import (
	"context"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther"
)

// waitLimit bounds every wait on another goroutine or the network; reaching
// it fails the test.
const waitLimit = 10 * time.Second

// streamServer serves stream at /s/ over a real connection.
func streamServer(t *testing.T, lg *capturedLog, stream func(r *panther.Request) panther.Response) *httptest.Server {
	t.Helper()
	app := panther.New(panther.Config{Logger: lg.logger(), URLs: panther.URLs{"s/": panther.API{
		Handler: func(r *panther.Request) (any, error) { return stream(r), nil },
	}}})
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv
}

// getStream starts a GET of /s/ whose whole exchange is bounded by
// waitLimit; cancel ends it early.
func getStream(t *testing.T, srv *httptest.Server) (res *http.Response, cancel context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/s/", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err = srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET /s/: %v", err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res, cancel
}

// readChunk reads exactly len(want) bytes and fails unless they are want.
func readChunk(t *testing.T, body io.Reader, want string) {
	t.Helper()
	got := make([]byte, len(want))
	if _, err := io.ReadFull(body, got); err != nil {
		t.Fatalf("reading %q: %v (got %q)", want, err, got)
	}
	if string(got) != want {
		t.Fatalf("chunk %q, want %q", got, want)
	}
}

// waitClosed fails unless ch is closed within waitLimit.
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLimit):
		t.Fatalf("%s: not after %v", what, waitLimit)
	}
}

func TestStreamFlushesEachChunk(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		wantType    string
	}{
		{"given content type", "text/event-stream", "text/event-stream"},
		{"default content type", "", "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read1, done := make(chan struct{}), make(chan struct{})
			srv := streamServer(t, &capturedLog{}, func(r *panther.Request) panther.Response {
				return panther.Stream(tt.contentType, func(yield func([]byte) bool) {
					defer close(done)
					if !yield([]byte("chunk 1\n")) {
						return
					}
					select {
					case <-read1: // only once the client has chunk 1: proof it was flushed
					case <-r.Context().Done():
						return
					}
					yield([]byte("chunk 2\n"))
				})
			})
			res, _ := getStream(t, srv)
			if res.StatusCode != http.StatusOK {
				t.Errorf("status %d, want 200", res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if res.ContentLength != -1 || res.Header.Get("Content-Length") != "" {
				t.Errorf("Content-Length %d (header %q), want none", res.ContentLength, res.Header.Get("Content-Length"))
			}
			if got := res.TransferEncoding; len(got) != 1 || got[0] != "chunked" {
				t.Errorf("Transfer-Encoding %q, want chunked", got)
			}
			readChunk(t, res.Body, "chunk 1\n")
			close(read1)
			rest, err := io.ReadAll(res.Body)
			if err != nil || string(rest) != "chunk 2\n" {
				t.Errorf("rest of the body %q, %v; want %q, nil", rest, err, "chunk 2\n")
			}
			waitClosed(t, done, "producer returned")
		})
	}
}

func TestStreamStatusAndHeaders(t *testing.T) {
	srv := streamServer(t, &capturedLog{}, func(*panther.Request) panther.Response {
		res := panther.Stream("text/plain", func(yield func([]byte) bool) {
			for _, s := range []string{"a", "", "b"} {
				if !yield([]byte(s)) {
					return
				}
			}
		})
		res.Status = http.StatusAccepted
		res.Header = http.Header{"X-Job": {"7"}, "Content-Length": {"99"}}
		return res
	})
	res, _ := getStream(t, srv)
	body, err := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusAccepted || string(body) != "ab" || err != nil {
		t.Errorf("got %d %q, %v; want 202 \"ab\", nil", res.StatusCode, body, err)
	}
	if got := res.Header.Get("X-Job"); got != "7" {
		t.Errorf("X-Job %q, want 7", got)
	}
	if res.ContentLength != -1 {
		t.Errorf("Content-Length %d, want none", res.ContentLength)
	}
}

func TestStreamStopsWhenClientLeaves(t *testing.T) {
	tests := []struct {
		name  string
		leave func(res *http.Response, cancel context.CancelFunc)
		// producer yields chunk 1, then waits for the client to leave as
		// it sees fit; it reports how it stopped on stopped.
		producer func(r *panther.Request, left <-chan struct{}, stopped chan<- string) iter.Seq[[]byte]
	}{
		{
			name:     "body closed, yield returns false",
			leave:    func(res *http.Response, _ context.CancelFunc) { res.Body.Close() },
			producer: yieldUntilFalse,
		},
		{
			name:     "request cancelled, yield returns false",
			leave:    func(_ *http.Response, cancel context.CancelFunc) { cancel() },
			producer: yieldUntilFalse,
		},
		{
			name:     "body closed, context done",
			leave:    func(res *http.Response, _ context.CancelFunc) { res.Body.Close() },
			producer: waitForDone,
		},
		{
			name:     "request cancelled, context done",
			leave:    func(_ *http.Response, cancel context.CancelFunc) { cancel() },
			producer: waitForDone,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			left, done := make(chan struct{}), make(chan struct{})
			stopped := make(chan string, 1)
			srv := streamServer(t, &capturedLog{}, func(r *panther.Request) panther.Response {
				seq := tt.producer(r, left, stopped)
				return panther.Stream("", func(yield func([]byte) bool) {
					defer close(done)
					seq(yield)
				})
			})
			res, cancel := getStream(t, srv)
			readChunk(t, res.Body, "chunk 1\n")
			tt.leave(res, cancel)
			close(left)
			waitClosed(t, done, "producer returned after the client left")
			if got := <-stopped; got != "stopped" {
				t.Errorf("producer %s, want stopped", got)
			}
		})
	}
}

// yieldUntilFalse yields chunk 1, waits for the client to leave, then
// yields until yield returns false.
func yieldUntilFalse(_ *panther.Request, left <-chan struct{}, stopped chan<- string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if !yield([]byte("chunk 1\n")) {
			stopped <- "was refused chunk 1"
			return
		}
		<-left
		chunk := []byte(strings.Repeat("x", 1024))
		for range 1 << 20 { // a bound, so a broken Stream fails instead of hanging
			if !yield(chunk) {
				stopped <- "stopped"
				return
			}
		}
		stopped <- "wrote 1 GiB to a client that left"
	}
}

// waitForDone yields chunk 1 and waits for the request's context to end.
func waitForDone(r *panther.Request, _ <-chan struct{}, stopped chan<- string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if !yield([]byte("chunk 1\n")) {
			stopped <- "was refused chunk 1"
			return
		}
		select {
		case <-r.Context().Done():
			stopped <- "stopped"
		case <-time.After(waitLimit):
			stopped <- "saw no cancellation"
		}
	}
}

func TestStreamPanicBreaksTheStream(t *testing.T) {
	tests := []struct {
		name      string
		before    bool // panic before the first chunk
		wantBody  string
		wantCause string
	}{
		{"after the first chunk", false, "chunk 1\n", "producer kaboom"},
		{"before any chunk", true, "", "producer kaboom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			read1 := make(chan struct{})
			srv := streamServer(t, lg, func(*panther.Request) panther.Response {
				return panther.Stream("", func(yield func([]byte) bool) {
					if !tt.before {
						yield([]byte("chunk 1\n"))
						<-read1
					}
					panic("producer kaboom")
				})
			})
			res, _ := getStream(t, srv)
			if res.StatusCode != http.StatusOK {
				t.Errorf("status %d, want 200 (the status was out before the panic)", res.StatusCode)
			}
			readChunk(t, res.Body, tt.wantBody)
			close(read1)
			rest, err := io.ReadAll(res.Body)
			if err == nil {
				t.Errorf("body ended cleanly after %q, want a read error", rest)
			}
			text := lg.wantError(t, "GET", "/s/", tt.wantCause)
			if !strings.Contains(text, "goroutine ") {
				t.Errorf("logged error %q has no stack", text)
			}
		})
	}
}
