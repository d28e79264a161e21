package ws_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/ws"
)

// pipes is a listener of in-memory connections, so a server and its
// clients run inside a synctest bubble, on its fake clock.
type pipes struct {
	ch   chan net.Conn
	once sync.Once
	done chan struct{}
}

func newPipes() *pipes { return &pipes{ch: make(chan net.Conn), done: make(chan struct{})} }

func (p *pipes) Accept() (net.Conn, error) {
	select {
	case c := <-p.ch:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

func (p *pipes) Close() error   { p.once.Do(func() { close(p.done) }); return nil }
func (p *pipes) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }

func (p *pipes) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case p.ch <- server:
		return client, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// inBubble serves app's hub route cfg at /ws/ over pipes, inside a
// synctest bubble, and runs f with a dialer; everything is closed before
// the bubble ends.
func inBubble(t *testing.T, cfg ws.Config, f func(t *testing.T, dial func() *websocket.Conn, hub *ws.Hub)) {
	inBubbleWith(t, cfg, (*panther.App).Serve, f)
}

// inBubbleWith is inBubble with serve for the app's Serve.
func inBubbleWith(t *testing.T, cfg ws.Config, serve func(*panther.App, context.Context, net.Listener) error, f func(t *testing.T, dial func() *websocket.Conn, hub *ws.Hub)) {
	synctest.Test(t, func(t *testing.T) {
		app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler)})
		hub := ws.NewHub(app)
		app.Handle("ws/", hub.API(cfg))
		p := newPipes()
		ctx, stop := context.WithCancel(context.Background())
		served := make(chan error, 1)
		go func() { served <- serve(app, ctx, p) }() // the server's own timeouts apply
		client := &http.Client{Transport: &http.Transport{DialContext: p.dial}}
		var conns []*websocket.Conn
		dial := func() *websocket.Conn {
			c, _, err := websocket.Dial(t.Context(), "ws://pipe/ws/", &websocket.DialOptions{HTTPClient: client})
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			return c
		}
		defer func() { // also after a t.Fatal in f
			for _, c := range conns {
				c.CloseNow()
			}
			stop()
			if err := <-served; err != nil {
				t.Errorf("Serve: %v", err)
			}
			synctest.Wait()
		}()
		f(t, dial, hub)
	})
}

// TestSlowConsumer: a client that reads nothing fills its queue, which
// stays bounded: the next Send closes it with 1008 and says ErrClosed.
func TestSlowConsumer(t *testing.T) {
	var conn *ws.Conn
	connected := make(chan struct{})
	cfg := ws.Config{SendQueue: 4, PingInterval: -1, OnConnect: func(c *ws.Conn) error {
		conn = c
		close(connected)
		return nil
	}}
	inBubble(t, cfg, func(t *testing.T, dial func() *websocket.Conn, hub *ws.Hub) {
		c := dial()
		<-connected
		var sent int
		var err error
		for sent = 0; sent < 100; sent++ {
			if err = conn.Send("message"); err != nil {
				break
			}
			synctest.Wait() // the writer takes what it can: one message, blocked on the pipe
		}
		if !errors.Is(err, ws.ErrClosed) || sent > 6 {
			t.Fatalf("after %d sends: %v; want ErrClosed once the queue of 4 is full", sent, err)
		}
		// The client now reads: what was queued, then the close.
		var got int
		for {
			_, _, err := c.Read(t.Context())
			if err != nil {
				if code := websocket.CloseStatus(err); code != websocket.StatusPolicyViolation {
					t.Errorf("closed with %d (%v), want 1008", code, err)
				}
				break
			}
			got++
		}
		if got > sent {
			t.Errorf("read %d messages of %d sent", got, sent)
		}
	})
}

// TestKeepalive: a client that answers pings stays connected past many
// intervals; one that stops reading, and so never answers, is dropped
// after PingInterval plus PongTimeout.
func TestKeepalive(t *testing.T) {
	ended := make(chan time.Time, 2)
	cfg := ws.Config{PingInterval: 30 * time.Second, PongTimeout: 10 * time.Second,
		OnClose: func(*ws.Conn) { ended <- time.Now() }}
	inBubble(t, cfg, func(t *testing.T, dial func() *websocket.Conn, hub *ws.Hub) {
		alive := dial()
		ctx := alive.CloseRead(t.Context()) // reads, so it answers pings
		silent := dial()
		start := time.Now()
		time.Sleep(5 * time.Minute)
		select {
		case at := <-ended:
			if d := at.Sub(start); d < 30*time.Second || d > 41*time.Second {
				t.Errorf("the silent client was dropped after %v, want 30–40 s", d)
			}
		default:
			t.Fatal("the silent client is still connected")
		}
		if ctx.Err() != nil || hub.Connections() != 1 {
			t.Errorf("the client that answers pings was dropped (%v; %d connections)", ctx.Err(), hub.Connections())
		}
		silent.CloseNow()
	})
}

// TestOutlivesTheRequestTimeouts: the server's read and write timeouts
// were the upgrade request's; the connection lives on past them, under
// the app's Serve and under an http.Server of one's own.
func TestOutlivesTheRequestTimeouts(t *testing.T) {
	cfg := ws.Config{PingInterval: -1, OnMessage: func(c *ws.Conn, m ws.Message) error { return c.Send(m.Text()) }}
	ownServer := func(app *panther.App, ctx context.Context, ln net.Listener) error {
		srv := &http.Server{Handler: app, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
		go func() { <-ctx.Done(); srv.Close() }()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return app.RunShutdown(context.Background())
	}
	for name, serve := range map[string]func(*panther.App, context.Context, net.Listener) error{"Serve": (*panther.App).Serve, "http.Server": ownServer} {
		t.Run(name, func(t *testing.T) {
			inBubbleWith(t, cfg, serve, func(t *testing.T, dial func() *websocket.Conn, hub *ws.Hub) {
				c := dial()
				for range 3 {
					time.Sleep(2 * time.Minute) // past ReadTimeout, WriteTimeout and IdleTimeout
					write(t, c, websocket.MessageText, "still there?")
					if got := read(t, c); got != "still there?" {
						t.Fatalf("echo = %q", got)
					}
				}
			})
		})
	}
}
