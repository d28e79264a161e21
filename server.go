package panther

import (
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ServerConfig configures the HTTP server that Serve and ListenAndServe
// run. The zero value gives the defaults in each field's comment; a
// negative duration turns that timeout off. An app served by an
// http.Server of your own takes none of these: set that server's fields.
type ServerConfig struct {
	// ReadHeaderTimeout bounds reading a request's headers. Default: 10 s.
	ReadHeaderTimeout time.Duration

	// ReadTimeout bounds reading a whole request, headers and body, from
	// its first byte; a client trickling a body is cut when it passes.
	// Raise it for APIs that take large uploads on slow links. Default:
	// 30 s.
	ReadTimeout time.Duration

	// WriteTimeout bounds how long the client may take to accept each
	// 64 KiB of a response; a client that stops reading is cut, and its
	// handler gets a write error. The time a handler takes between writes
	// does not count, so slow handlers and long streams are unaffected.
	// Default: 30 s.
	WriteTimeout time.Duration

	// IdleTimeout is how long a keep-alive connection may wait for its next
	// request. Keep it above the idle timeout of a proxy in front, so the
	// proxy closes first. Default: 60 s.
	IdleTimeout time.Duration

	// MaxHeaderBytes bounds the request line and headers; a larger request
	// is 431. net/http's own default, 1 MiB, lets 200 clients with a
	// megabyte of tiny headers each hold gigabytes while they are parsed.
	// Default: 64 KiB.
	MaxHeaderBytes int

	// ShutdownTimeout is how long Serve lets in-flight requests finish after
	// its context is done. Connections that are idle or still sending their
	// headers are closed at once; a client still sending a body, or not
	// reading its response, gets one more second to make progress and is
	// then cut, so one slow client cannot hold the shutdown. Default: 10 s.
	ShutdownTimeout time.Duration
}

func (c ServerConfig) withDefaults() ServerConfig {
	c.ReadHeaderTimeout = cmp.Or(c.ReadHeaderTimeout, 10*time.Second)
	c.ReadTimeout = cmp.Or(c.ReadTimeout, 30*time.Second)
	c.WriteTimeout = cmp.Or(c.WriteTimeout, 30*time.Second)
	c.IdleTimeout = cmp.Or(c.IdleTimeout, 60*time.Second)
	c.MaxHeaderBytes = cmp.Or(c.MaxHeaderBytes, 64<<10)
	c.ShutdownTimeout = cmp.Or(c.ShutdownTimeout, 10*time.Second)
	return c
}

// Server is the configuration Serve and ListenAndServe run with:
// Config.Server with the defaults filled in.
func (a *App) Server() ServerConfig { return a.cfg.Server }

// SetServer replaces Config.Server, before Serve or ListenAndServe; zero
// fields take their defaults. It is for a command line that reads the
// server settings after the app is built, as package cli does.
func (a *App) SetServer(c ServerConfig) { a.cfg.Server = c.withDefaults() }

// writeChunk is how much of a response each WriteTimeout covers.
const writeChunk = 64 << 10

// shutdownPatience is how long a client that is still sending a body, or
// not reading a response, has at shutdown to make progress.
const shutdownPatience = time.Second

// conns are the connections Serve accepted, so that a shutdown can tell
// those it must cut from those whose handlers it lets finish.
type conns struct {
	writeTimeout time.Duration
	logger       *slog.Logger
	cut          atomic.Int64 // responses cut because the client stopped reading
	mu           sync.Mutex
	set          map[*conn]struct{}
}

// conn is an accepted connection: it puts a deadline on each write and
// knows its state and whether a request body is still arriving.
type conn struct {
	net.Conn
	all      *conns
	state    atomic.Int32 // http.ConnState
	bodies   atomic.Int32 // request bodies not yet read to the end
	patience atomic.Bool  // shutting down: writes get shutdownPatience
	wasCut   atomic.Bool  // a write timed out: the response was cut
}

type listener struct {
	net.Listener
	conns *conns
}

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &conn{Conn: c, all: l.conns}
	l.conns.mu.Lock()
	l.conns.set[tc] = struct{}{}
	l.conns.mu.Unlock()
	return tc, nil
}

// track follows each connection's state; a closed or hijacked one is no
// longer the server's.
func (cs *conns) track(nc net.Conn, state http.ConnState) {
	c, ok := nc.(*conn)
	if !ok {
		return
	}
	c.state.Store(int32(state))
	if state == http.StateClosed || state == http.StateHijacked {
		cs.mu.Lock()
		delete(cs.set, c)
		cs.mu.Unlock()
	}
}

func (c *conn) timeout() time.Duration {
	if http.ConnState(c.state.Load()) == http.StateHijacked {
		return 0 // the hijacker's connection now, with its own deadlines
	}
	if c.patience.Load() {
		return min(c.all.writeTimeout, shutdownPatience)
	}
	return c.all.writeTimeout
}

// Write writes p in chunks of writeChunk, each with WriteTimeout to go out.
func (c *conn) Write(p []byte) (n int, err error) {
	d := c.timeout()
	if d <= 0 {
		return c.Conn.Write(p)
	}
	for len(p) > 0 {
		chunk := p[:min(len(p), writeChunk)]
		c.Conn.SetWriteDeadline(time.Now().Add(d))
		m, err := c.Conn.Write(chunk)
		n += m
		if err != nil {
			c.writeFailed(err)
			return n, err
		}
		p = p[m:]
	}
	return n, nil
}

// writeFailed logs, once per connection, a response cut because the
// client stopped reading: the access log shows its status and the bytes
// that went out, not that the rest never did.
func (c *conn) writeFailed(err error) {
	if !errors.Is(err, os.ErrDeadlineExceeded) || c.wasCut.Swap(true) {
		return
	}
	c.all.cut.Add(1)
	c.all.logger.Warn("panther: cut a response: the client read none of it for the write timeout",
		"client", c.RemoteAddr().String(), "timeout", c.timeout())
}

// ReadFrom keeps net/http's sendfile path for files, a chunk per deadline.
func (c *conn) ReadFrom(r io.Reader) (int64, error) {
	rf, ok := c.Conn.(io.ReaderFrom)
	d := c.timeout()
	if !ok || d <= 0 {
		return io.Copy(struct{ io.Writer }{c}, r)
	}
	var n int64
	for {
		c.Conn.SetWriteDeadline(time.Now().Add(d))
		m, err := rf.ReadFrom(&io.LimitedReader{R: r, N: writeChunk})
		n += m
		if err != nil {
			c.writeFailed(err)
		}
		if err != nil || m < writeChunk {
			return n, err
		}
	}
}

type connKey struct{}

// serveTracked is the server's handler: it notes on the connection when
// a request body is still arriving.
func (a *App) serveTracked(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		a.ServeHTTP(w, r)
		return
	}
	c, _ := r.Context().Value(connKey{}).(*conn)
	if c == nil {
		a.ServeHTTP(w, r)
		return
	}
	b := &trackedBody{ReadCloser: r.Body, c: c}
	c.bodies.Add(1)
	defer b.end()
	r.Body = b
	a.ServeHTTP(w, r)
}

type trackedBody struct {
	io.ReadCloser
	c     *conn
	ended atomic.Bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.end()
	}
	return n, err
}

func (b *trackedBody) Close() error {
	b.end()
	return b.ReadCloser.Close()
}

func (b *trackedBody) end() {
	if !b.ended.Swap(true) {
		b.c.bodies.Add(-1)
	}
}

// cutStragglers is the shutdown's first step, beside http.Server.Shutdown
// closing idle connections: it closes connections that have not finished
// sending a request's headers, and gives those still sending a body or not
// reading a response shutdownPatience to make progress. It returns how
// many of each it found.
func (cs *conns) cutStragglers() (headers, bodies int) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.set {
		c.patience.Store(true)
		switch http.ConnState(c.state.Load()) {
		case http.StateNew: // no request yet: nothing is lost
			c.Close()
			headers++
		case http.StateActive:
			if c.bodies.Load() > 0 {
				c.SetReadDeadline(time.Now().Add(shutdownPatience))
				bodies++
			}
			c.SetWriteDeadline(time.Now().Add(shutdownPatience))
		}
	}
	return headers, bodies
}

// active counts the connections whose requests are still running.
func (cs *conns) active() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	n := 0
	for c := range cs.set {
		if http.ConnState(c.state.Load()) == http.StateActive {
			n++
		}
	}
	return n
}

// newServer is the http.Server of Serve, on listener ln.
func (a *App) newServer(ctx context.Context, ln net.Listener) (*http.Server, net.Listener, *conns) {
	sc := a.cfg.Server
	cs := &conns{writeTimeout: sc.WriteTimeout, logger: a.logger, set: map[*conn]struct{}{}}
	srv := &http.Server{
		Handler:           http.HandlerFunc(a.serveTracked),
		ReadHeaderTimeout: sc.ReadHeaderTimeout,
		ReadTimeout:       sc.ReadTimeout,
		IdleTimeout:       sc.IdleTimeout,
		MaxHeaderBytes:    sc.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
		ConnState: cs.track,
	}
	return srv, listener{ln, cs}, cs
}
