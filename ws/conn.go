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
	out *batchWriter
	ctx context.Context // ends when the connection does

	cancel context.CancelFunc
	pinger *time.Timer

	mu      sync.Mutex // guards what follows; rooms is guarded by hub.mu
	closing bool
	writing bool       // a writer goroutine is draining queue
	queue   []outgoing // at most cfg.SendQueue; nil while idle
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

// enqueue queues m, starting a writer if none is running: an idle
// connection has no writer goroutine and no queue.
func (c *Conn) enqueue(m outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return ErrClosed
	}
	if len(c.queue) >= c.cfg.SendQueue {
		c.closing, c.queue = true, nil
		go c.closeNow(PolicyViolation, "too slow: the send queue is full")
		return ErrClosed
	}
	c.push(m)
	return nil
}

// push queues m and makes sure a writer runs; c.mu is held.
func (c *Conn) push(m outgoing) {
	c.queue = append(c.queue, m)
	if !c.writing {
		c.writing = true
		go c.write()
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
	c.push(outgoing{close: &CloseError{code, reason}})
}

// closeNow runs the close handshake, dropping what is queued.
func (c *Conn) closeNow(code StatusCode, reason string) {
	c.ws.Close(websocket.StatusCode(code), reason)
	c.cancel()
}

// write is the connection's one writer while it has messages: it writes
// what is queued in batches, each going out in as few writes to the
// network as fit, and ends when the queue is empty.
func (c *Conn) write() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		c.out.begin()
		for i, m := range batch {
			if m.close != nil {
				c.out.end()
				c.closeNow(m.close.Code, m.close.Reason)
				return
			}
			typ := websocket.MessageText
			if m.binary {
				typ = websocket.MessageBinary
			}
			// No deadline here: the batchWriter gives each write to the
			// network its own, and a context without one spares the
			// library a timer per message.
			if err := c.ws.Write(context.Background(), typ, m.data); err != nil {
				c.out.end()
				c.abort()
				return
			}
			batch[i] = outgoing{}
		}
		if err := c.out.end(); err != nil {
			c.abort()
			return
		}
	}
}

// abort drops the connection without a close handshake.
func (c *Conn) abort() {
	c.mu.Lock()
	c.closing, c.queue = true, nil
	c.mu.Unlock()
	c.ws.CloseNow()
	c.cancel()
}

// ping pings the client, and drops the connection when the pong is late;
// it runs on a timer, so an idle connection has no goroutine for it.
func (c *Conn) ping() {
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.PongTimeout)
	defer cancel()
	if err := c.ws.Ping(ctx); err != nil {
		c.abort()
		return
	}
	c.pinger.Reset(c.cfg.PingInterval)
}

// serve accepts the upgrade and starts the connection: its reader runs
// in a goroutine of its own, so the request's goroutine, with the deep
// stack of serving it, ends here.
func (h *Hub) serve(w http.ResponseWriter, r *panther.Request, cfg *Config) {
	log := panther.LoggerFrom(r.Context())
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	bw := &hijacker{ResponseWriter: w, timeout: cfg.WriteTimeout}
	conn, err := websocket.Accept(bw, r.Request, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // the Origin was checked before the upgrade
		Subprotocols:       subprotocols(r.Request, cfg),
	})
	if err != nil {
		cancel()
		h.handlers.Done() // the reservation upgrade made
		log.Warn("ws: the upgrade failed", "error", err)
		return
	}
	c := &Conn{hub: h, cfg: cfg, id: newID(), req: r, ws: conn, out: bw.out, ctx: ctx, cancel: cancel,
		rooms: map[string]struct{}{}}
	conn.SetReadLimit(cfg.ReadLimit)
	if err := h.add(ctx, c); err != nil { // the store failed since the upgrade began
		log.Warn("ws: closing a connection the store could not record", "error", err)
		c.Close(TryAgainLater, "try again later")
	}
	go c.read(log)
}

// read runs the connection: OnConnect, then each message, then OnClose.
func (c *Conn) read(log *slog.Logger) {
	cfg, conn := c.cfg, c.ws
	defer c.hub.remove(c)
	if cfg.PingInterval > 0 {
		c.pinger = time.AfterFunc(time.Hour, c.ping) // armed once assigned, for ping's Reset
		c.pinger.Reset(cfg.PingInterval)
	}
	defer func() {
		if c.pinger != nil {
			c.pinger.Stop()
		}
		c.mu.Lock()
		c.closing, c.queue = true, nil
		c.mu.Unlock()
		c.cancel()
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
		typ, data, err := conn.Read(c.ctx)
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
