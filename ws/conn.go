package ws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/panther-go/panther"
)

// ErrClosed is returned by Send on a connection that has closed, or is
// closing.
var ErrClosed = errors.New("ws: the connection is closed")

// Message is a message a client sent.
type Message struct {
	Binary bool // a binary message; else text, valid UTF-8
	Data   []byte
}

// Text is the message as a string.
func (m Message) Text() string { return string(m.Data) }

// JSON decodes the message into v.
func (m Message) JSON(v any) error { return json.Unmarshal(m.Data, v) }

// Conn is one websocket connection. Its methods are safe to call from
// any goroutine.
type Conn struct {
	hub *Hub
	cfg *Config
	id  string
	req *panther.Request
	ws  *websocket.Conn
	ctx context.Context // ends when the connection does

	out    chan outgoing
	cancel context.CancelFunc

	mu      sync.Mutex // guards closing; rooms is guarded by hub.mu
	closing bool
	rooms   map[string]struct{}
}

// outgoing is a message on its way to the client; close ends the
// connection once the messages before it are written.
type outgoing struct {
	binary bool
	data   []byte
	close  *CloseError
}

// ID is the connection's id, unique across instances.
func (c *Conn) ID() string { return c.id }

// Request is the upgrade request: its user, path variables, query and
// headers.
func (c *Conn) Request() *panther.Request { return c.req }

// User is the authenticated user of the upgrade, or nil.
func (c *Conn) User() panther.User { return c.req.User() }

// PathVar is a path variable of the route.
func (c *Conn) PathVar(name string) string { return c.req.PathVar(name) }

// Query is a query parameter of the upgrade request.
func (c *Conn) Query(name string) string { return c.req.Query(name) }

// Context carries the upgrade request's values (user, request id,
// logger) and ends when the connection does.
func (c *Conn) Context() context.Context { return c.ctx }

// Join adds the connection to room, for Hub.Broadcast; it leaves every
// room when it ends.
func (c *Conn) Join(room string) { c.hub.join(room, c) }

// Leave takes the connection out of room.
func (c *Conn) Leave(room string) {
	c.hub.mu.Lock()
	defer c.hub.mu.Unlock()
	c.hub.leave(room, c)
}

// Send queues v for the client: a []byte as a binary message, a string as
// text, anything else as JSON text. A client whose queue is full is too
// slow: it is closed with 1008, and Send returns ErrClosed.
func (c *Conn) Send(v any) error {
	m, err := encode(v)
	if err != nil {
		return err
	}
	return c.enqueue(m)
}

func encode(v any) (outgoing, error) {
	switch v := v.(type) {
	case []byte:
		return outgoing{binary: true, data: v}, nil
	case string:
		return outgoing{data: []byte(v)}, nil
	case json.RawMessage:
		return outgoing{data: v}, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return outgoing{}, fmt.Errorf("ws: encoding %T as JSON: %w", v, err)
	}
	return outgoing{data: data}, nil
}

func (c *Conn) enqueue(m outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return ErrClosed
	}
	select {
	case c.out <- m:
		return nil
	default:
		c.closing = true
		go c.closeNow(PolicyViolation, "too slow: the send queue is full")
		return ErrClosed
	}
}

// Close closes the connection with code and reason once the messages
// queued before it are written.
func (c *Conn) Close(code StatusCode, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return
	}
	c.closing = true
	select {
	case c.out <- outgoing{close: &CloseError{code, reason}}:
	default: // the queue is full: close without it
		go c.closeNow(code, reason)
	}
}

// closeNow runs the close handshake, dropping what is queued.
func (c *Conn) closeNow(code StatusCode, reason string) {
	c.ws.Close(websocket.StatusCode(code), reason)
	c.cancel()
}

// write is the connection's one writer.
func (c *Conn) write() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case m := <-c.out:
			if m.close != nil {
				c.closeNow(m.close.Code, m.close.Reason)
				return
			}
			typ := websocket.MessageText
			if m.binary {
				typ = websocket.MessageBinary
			}
			ctx, cancel := context.WithTimeout(c.ctx, c.cfg.WriteTimeout)
			err := c.ws.Write(ctx, typ, m.data)
			cancel()
			if err != nil {
				c.ws.CloseNow()
				c.cancel()
				return
			}
		}
	}
}

// ping keeps the connection alive, and drops it when a pong is late.
func (c *Conn) ping() {
	if c.cfg.PingInterval < 0 {
		return
	}
	t := time.NewTicker(c.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.PongTimeout)
		err := c.ws.Ping(ctx)
		cancel()
		if err != nil {
			c.ws.CloseNow()
			c.cancel()
			return
		}
	}
}

// serve runs the connection: accept, OnConnect, the messages, OnClose.
func (h *Hub) serve(w http.ResponseWriter, r *panther.Request, cfg *Config) {
	log := panther.LoggerFrom(r.Context())
	// The server's read and write deadlines were for the request; the
	// connection keeps its own through contexts.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	rc.SetWriteDeadline(time.Time{})
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	conn, err := websocket.Accept(w, r.Request, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // the Origin was checked before the upgrade
		Subprotocols:       subprotocols(r.Request, cfg),
	})
	if err != nil {
		log.Warn("ws: the upgrade failed", "error", err)
		return
	}
	c := &Conn{hub: h, cfg: cfg, id: newID(), req: r, ws: conn, ctx: ctx, cancel: cancel,
		out: make(chan outgoing, cfg.SendQueue), rooms: map[string]struct{}{}}
	if err := h.add(ctx, c); err != nil { // shutting down, or the store failed since the upgrade began
		conn.Close(websocket.StatusCode(TryAgainLater), "try again later")
		return
	}
	defer h.remove(c)
	conn.SetReadLimit(cfg.ReadLimit)
	var wg sync.WaitGroup
	wg.Go(c.write)
	wg.Go(c.ping)
	defer func() {
		c.mu.Lock()
		c.closing = true
		c.mu.Unlock()
		cancel()
		wg.Wait()
		conn.CloseNow()
		if cfg.OnClose != nil {
			c.call(log, func() error { cfg.OnClose(c); return nil })
		}
	}()
	if cfg.OnConnect != nil {
		if err := c.call(log, func() error { return cfg.OnConnect(c) }); err != nil {
			c.fail(err)
			c.drain()
			return
		}
	}
	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			return // closed by the client, the server or the read limit
		}
		if typ == websocket.MessageText && !utf8.Valid(data) {
			c.closeNow(InvalidPayload, "a text message must be UTF-8")
			return
		}
		if cfg.OnMessage == nil {
			continue
		}
		m := Message{Binary: typ == websocket.MessageBinary, Data: data}
		if err := c.call(log, func() error { return cfg.OnMessage(c, m) }); err != nil {
			c.fail(err)
			c.drain()
			return
		}
	}
}

// drain reads until the close the writer started has ended, so its
// handshake can finish.
func (c *Conn) drain() {
	for {
		if _, _, err := c.ws.Read(c.ctx); err != nil {
			return
		}
	}
}

// call runs a callback, turning a panic into an error after logging it.
func (c *Conn) call(log *slog.Logger, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("ws: a callback panicked", "connection", c.id, "panic", p, "stack", string(debug.Stack()))
			err = &CloseError{InternalError, "internal error"}
		}
	}()
	return f()
}

// fail closes the connection for a callback's error.
func (c *Conn) fail(err error) {
	var ce *CloseError
	if !errors.As(err, &ce) {
		panther.LoggerFrom(c.ctx).Error("ws: a callback failed", "connection", c.id, "error", err)
		ce = &CloseError{InternalError, "internal error"}
	}
	c.Close(ce.Code, ce.Reason)
}
