package panther_test

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
)

// pipeListener serves connections made with net.Pipe, so a server runs in
// a synctest bubble on its fake clock.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial connects a client to the server.
func (l *pipeListener) dial(t *testing.T) net.Conn {
	client, server := net.Pipe()
	l.conns <- server
	t.Cleanup(func() { client.Close() })
	return client
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// roundTrip sends a raw request on c and reads the response.
func roundTrip(c net.Conn, br *bufio.Reader, raw string) (*http.Response, string, error) {
	if _, err := io.WriteString(c, raw); err != nil {
		return nil, "", err
	}
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, "", err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(body), err
}

// closedWithin reports whether the server closes c within d of fake time,
// reading and dropping whatever it sends first.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	return err == nil // EOF: closed by the server; a timeout is an error
}

// The time a handler takes between writes does not count against
// WriteTimeout: a slow handler and a slow stream are answered whole.
func TestServerWriteTimeoutSparesSlowHandlers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := panther.New(panther.Config{
			Logger: (&capturedLog{}).logger(),
			Server: panther.ServerConfig{WriteTimeout: time.Second},
			URLs: panther.URLs{
				"slow": panther.API{Handler: func(r *panther.Request) (any, error) {
					time.Sleep(5 * time.Second)
					return "done", nil
				}},
				"stream": panther.API{Handler: func(r *panther.Request) (any, error) {
					return panther.Stream("text/plain", func(yield func([]byte) bool) {
						for i := range 3 {
							time.Sleep(3 * time.Second)
							if !yield([]byte(fmt.Sprint(i))) {
								return
							}
						}
					}), nil
				}},
			},
		})
		ln := newPipeListener()
		ctx, cancel := context.WithCancel(context.Background())
		errc := serveAsync(ctx, app, ln)
		c := ln.dial(t)
		br := bufio.NewReader(c)
		for path, want := range map[string]string{"/slow": `"done"`, "/stream": "012"} {
			res, body, err := roundTrip(c, br, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n")
			if err != nil || res.StatusCode != 200 || body != want {
				t.Errorf("GET %s: %v %q, %v; want 200 %q", path, res, body, err, want)
			}
		}
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
}

// Idle keep-alive connections are closed after IdleTimeout; connections
// that never finish their headers after ReadHeaderTimeout.
func TestServerIdleAndHeaderTimeouts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := panther.New(panther.Config{
			Logger: (&capturedLog{}).logger(),
			Server: panther.ServerConfig{IdleTimeout: 5 * time.Second, ReadHeaderTimeout: 2 * time.Second},
			URLs:   panther.URLs{"ok": panther.API{Handler: okHandler}},
		})
		ln := newPipeListener()
		ctx, cancel := context.WithCancel(context.Background())
		errc := serveAsync(ctx, app, ln)

		idle := ln.dial(t)
		if res, _, err := roundTrip(idle, bufio.NewReader(idle), "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /ok: %v, %v", res, err)
		}
		start := time.Now()
		if !closedWithin(idle, time.Minute) || time.Since(start) != 5*time.Second {
			t.Errorf("an idle connection was closed after %v, want 5s", time.Since(start))
		}

		slow := ln.dial(t)
		io.WriteString(slow, "GET /ok HTTP/1.1\r\nHo")
		start = time.Now()
		if !closedWithin(slow, time.Minute) || time.Since(start) != 2*time.Second {
			t.Errorf("a connection still sending headers was closed after %v, want 2s", time.Since(start))
		}
		cancel()
		<-errc
	})
}

// A client trickling a body is cut at ReadTimeout with 408, on a real
// connection.
func TestServerReadTimeoutCutsSlowBody(t *testing.T) {
	app := panther.New(panther.Config{
		Logger: (&capturedLog{}).logger(),
		Server: panther.ServerConfig{ReadTimeout: 300 * time.Millisecond},
		URLs: panther.URLs{"notes": panther.API{Input: noteIn{}, Handler: func(r *panther.Request) (any, error) {
			return "created", nil
		}}},
	})
	c := dialServed(t, app)
	c.SetDeadline(time.Now().Add(waitLimit))
	io.WriteString(c, "POST /notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no response to a trickled body: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestTimeout || string(body) != `{"detail":"Request Timeout"}` {
		t.Errorf("got %d %s, want 408 {\"detail\":\"Request Timeout\"}", res.StatusCode, body)
	}
}

// dialServed serves app on a local TCP port for the rest of the test and
// returns a connection to it.
func dialServed(t *testing.T, app *panther.App) net.Conn {
	t.Helper()
	ln := listenLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := serveAsync(ctx, app, ln)
	t.Cleanup(func() { cancel(); <-errc })
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

type noteIn struct {
	Title string `json:"title" validate:"required"`
}

// A client that stops reading its response is cut after WriteTimeout, on
// a real connection, and its handler gets a write error and finishes.
func TestServerWriteTimeoutCutsNonReader(t *testing.T) {
	wrote := make(chan error, 1)
	chunk := []byte(strings.Repeat("x", 64<<10))
	log := &capturedLog{}
	app := panther.New(panther.Config{
		Logger: log.logger(),
		Server: panther.ServerConfig{WriteTimeout: 200 * time.Millisecond},
		URLs: panther.URLs{"big": panther.API{Mount: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for range 4096 { // 256 MiB: far more than the socket buffers hold
				if _, err := w.Write(chunk); err != nil {
					wrote <- err
					return
				}
			}
			wrote <- nil
		})}},
	})
	c := dialServed(t, app)
	io.WriteString(c, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n") // and never read
	select {
	case err := <-wrote:
		if err == nil {
			t.Error("the handler wrote 256 MiB to a client that reads nothing")
		}
		if !strings.Contains(log.String(), "panther: cut a response: the client read none of it for the write timeout") {
			t.Errorf("the cut was not logged:\n%s", log)
		}
	case <-time.After(waitLimit):
		t.Fatalf("the handler was still writing to a client that reads nothing after %v", waitLimit)
	}
}

// A graceful shutdown closes idle connections and those still sending
// headers at once, gives a client still sending its body a second, lets a
// running handler finish, logs what it cut, and returns nil.
func TestServerShutdownCutsStragglers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &capturedLog{}
		app := panther.New(panther.Config{
			Logger: log.logger(),
			Server: panther.ServerConfig{ShutdownTimeout: 10 * time.Second},
			URLs: panther.URLs{
				"ok": panther.API{Handler: okHandler},
				"slow": panther.API{Handler: func(r *panther.Request) (any, error) {
					time.Sleep(3 * time.Second)
					return "done", nil
				}},
				"notes": panther.API{Input: noteIn{}, Handler: func(r *panther.Request) (any, error) { return "created", nil }},
			},
		})
		ln := newPipeListener()
		ctx, cancel := context.WithCancel(context.Background())
		errc := serveAsync(ctx, app, ln)

		idle := ln.dial(t)
		if res, _, err := roundTrip(idle, bufio.NewReader(idle), "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /ok: %v, %v", res, err)
		}
		headers := ln.dial(t)
		io.WriteString(headers, "GET /ok HTTP/1.1\r\nHo")
		body := ln.dial(t)
		io.WriteString(body, "POST /notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti")
		running := ln.dial(t)
		slowDone := make(chan string)
		go func() {
			_, b, err := roundTrip(running, bufio.NewReader(running), "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
			slowDone <- fmt.Sprint(b, err)
		}()
		synctest.Wait()

		start := time.Now()
		cancel()
		for name, c := range map[string]net.Conn{"idle": idle, "still sending headers": headers} {
			if !closedWithin(c, time.Nanosecond) {
				t.Errorf("the %s connection was not closed at once", name)
			}
		}
		res, err := http.ReadResponse(bufio.NewReader(body), nil)
		if err != nil || res.StatusCode != http.StatusRequestTimeout || time.Since(start) != time.Second {
			t.Errorf("the client still sending a body got %v, %v after %v; want 408 after 1s", res, err, time.Since(start))
		}
		if got := <-slowDone; got != `"done"<nil>` {
			t.Errorf("the running handler's client got %s, want its answer", got)
		}
		if err := <-errc; err != nil {
			t.Errorf("Serve = %v, want nil: every handler finished", err)
		}
		got := log.String()
		for _, want := range []string{`"headers":1`, `"bodies_given_1s":1`, "shutdown complete: every handler finished"} {
			if !strings.Contains(got, want) {
				t.Errorf("the log lacks %s:\n%s", want, got)
			}
		}
	})
}

// At shutdown a client that is not reading its response gets a second to
// take some; then its response is cut, its handler finishes, and Serve
// returns nil with the cut logged.
func TestServerShutdownCutsNonReaders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &capturedLog{}
		finished := make(chan error, 1)
		app := panther.New(panther.Config{
			Logger: log.logger(),
			URLs: panther.URLs{"big": panther.API{Mount: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, err := w.Write(make([]byte, 1<<20))
				finished <- err
			})}},
		})
		ln := newPipeListener()
		ctx, cancel := context.WithCancel(context.Background())
		errc := serveAsync(ctx, app, ln)
		c := ln.dial(t)
		io.WriteString(c, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n") // and never read
		synctest.Wait()
		start := time.Now()
		cancel()
		if err := <-finished; err == nil || time.Since(start) != time.Second {
			t.Errorf("the handler's write returned %v after %v; want an error after 1s", err, time.Since(start))
		}
		if err := <-errc; err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
		if !strings.Contains(log.String(), `"msg":"panther: shutdown cut responses their clients were not reading","responses":1`) {
			t.Errorf("the cut was not logged:\n%s", log)
		}
	})
}
